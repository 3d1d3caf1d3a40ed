import { defineContext } from '../../lib/context.ts';

/** A layer as its lane and toggle name it. */
export interface LaneLabel {
  /** Unambiguous among the document's layers: the member's name, plus a disambiguator when two share it. */
  readonly full: string;
  /** What tells it apart in a narrow lane header (the full label is its title). */
  readonly short: string;
}

export interface LabelledLayer {
  readonly key: string;
  readonly kind: 'own' | 'coder' | 'consensus';
  readonly coderId: string;
  readonly name: string;
}

export interface LabelledMember {
  readonly userId: string;
  readonly name: string;
  readonly email?: string;
}

const words = (s: string) => s.trim().split(/\s+/).filter(Boolean);
const normal = (s: string) => s.trim().toLocaleLowerCase();

/**
 * Labels for the coding view's layers that can always be told apart: two members with the same
 * display name get their email's local part (owners see emails), else a number; in the narrow lane
 * header each coder is shown by what differs from the others ("Demo coder Ana" and "Demo coder Ben"
 * become "Ana" and "Ben"), never by a shared first part cut off at the lane's edge.
 *
 * @example
 * laneLabels([{ key: 'a', kind: 'coder', coderId: 'u1', name: 'Demo coder Ana' }, { key: 'b', kind: 'coder', coderId: 'u2', name: 'Demo coder Ben' }], null)
 * // Map { 'a' => { full: 'Demo coder Ana', short: 'Ana' }, 'b' => { full: 'Demo coder Ben', short: 'Ben' } }
 */
export function laneLabels(layers: readonly LabelledLayer[], members: readonly LabelledMember[] | null): Map<string, LaneLabel> {
  const emailOf = new Map((members ?? []).map((m) => [m.userId, m.email]));
  const coders = layers.filter((l) => l.kind === 'coder');
  const full = new Map<string, string>();
  const short = new Map<string, string>();
  // Same display name: the email's local part when it differs, else a number in lane order.
  const byName = new Map<string, LabelledLayer[]>();
  for (const lane of coders) byName.set(normal(lane.name), [...(byName.get(normal(lane.name)) ?? []), lane]);
  for (const group of byName.values()) {
    if (group.length === 1) {
      full.set(group[0]!.key, group[0]!.name.trim());
      continue;
    }
    const locals = group.map((l) => emailOf.get(l.coderId)?.split('@')[0]?.trim() ?? '');
    const distinct = locals.every((local) => local !== '') && new Set(locals.map(normal)).size === locals.length;
    group.forEach((l, i) => {
      const tag = distinct ? locals[i]! : String(i + 1);
      full.set(l.key, `${l.name.trim()} (${tag})`);
      short.set(l.key, tag);
    });
  }
  // Otherwise drop the words a coder's name shares at its start with any other coder's name.
  for (const lane of coders) {
    if (short.has(lane.key)) continue;
    const own = words(full.get(lane.key)!);
    let shared = 0;
    for (const other of coders) {
      if (other === lane || byName.get(normal(other.name))!.length > 1) continue;
      const theirs = words(full.get(other.key)!);
      let n = 0;
      while (n < own.length && n < theirs.length && normal(own[n]!) === normal(theirs[n]!)) n++;
      shared = Math.max(shared, n);
    }
    short.set(lane.key, shared > 0 && shared < own.length ? own.slice(shared).join(' ') : full.get(lane.key)!);
  }
  const labels = new Map<string, LaneLabel>();
  for (const layer of layers) {
    if (layer.kind === 'coder') labels.set(layer.key, { full: full.get(layer.key)!, short: short.get(layer.key)! });
    else labels.set(layer.key, { full: layer.name, short: layer.name });
  }
  return labels;
}

/** The labels of the open document's layers, for the toolbar, lane header, bars and cards. */
export interface LaneLabels {
  of(layer: LabelledLayer): LaneLabel;
}

export const laneLabelsContext = defineContext<LaneLabels>('Lane labels', 'CodingWorkspace.svelte');
