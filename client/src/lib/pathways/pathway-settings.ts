/** The coder-merge rules the page offers (spec §2.4); `kofn` counts a transition that at least `k` coders coded. */
export const MergeRule = { union: 'union', majority: 'majority', intersection: 'intersection', kofn: 'kofn' } as const;
export type MergeRule = (typeof MergeRule)[keyof typeof MergeRule];

export const mergeRuleLabels: Readonly<Record<MergeRule, string>> = {
  union: 'Union: any coder',
  majority: 'Majority of coders',
  intersection: 'Intersection: every coder',
  kofn: 'At least k coders',
};

/** The bounds of `k` the server accepts (docs/api.md). */
export const maxCoderThreshold = 1000;
/** `k` when the rule is first chosen: two coders agree. */
export const defaultCoderThreshold = 2;

/** `coders` (each coder's pathway, merged by the rule), `consensus`, or one coder's user id. */
export type PathwayLayer = 'coders' | 'consensus' | (string & {});

/** The three views of one graph (spec §2.7): the pathway map, the step Sankey and the lanes. */
export const PathwayViewKind = { map: 'map', steps: 'steps', lanes: 'lanes' } as const;
export type PathwayViewKind = (typeof PathwayViewKind)[keyof typeof PathwayViewKind];

export const pathwayViewLabels: Readonly<Record<PathwayViewKind, string>> = { map: 'Map', steps: 'Steps', lanes: 'Lanes' };

/**
 * What the pathway page shows, as the address keeps it
 * (`?layer=&merge=&k=&min=&field=&values=&view=&participant=`).
 */
export interface PathwaySettings {
  readonly layer: PathwayLayer;
  readonly merge: MergeRule;
  /** With `merge: 'kofn'`, how many coders must have coded a transition; null for the other rules. */
  readonly k: number | null;
  /**
   * The case filter (spec §2.5): the attribute field (its key) whose values pick the participants;
   * null: all participants. It changes the counts, unlike `minParticipants`.
   */
  readonly field: string | null;
  /** The chosen values of `field` (none chosen: every participant still counts). */
  readonly values: readonly string[];
  /** The visibility filter `minParticipants`: hides thin transitions, never changes the counts. */
  readonly minParticipants: number | null;
  /** Which view draws the graph; the map by default. */
  readonly view: PathwayViewKind;
  /** The lanes' participant (a document id); null: the first document. */
  readonly participant: string | null;
}

export const defaultPathwaySettings: PathwaySettings = { layer: 'coders', merge: 'union', k: null, field: null, values: [], minParticipants: null, view: 'map', participant: null };

const rules = new Set<string>(Object.values(MergeRule));
const views = new Set<string>(Object.values(PathwayViewKind));
const maxThreshold = 1_000_000;

const fieldKey = /^[A-Za-z0-9_-]{1,40}$/;
const maxValues = 100;

function readCoderThreshold(raw: string | null): number | null {
  if (raw === null || !/^\d{1,4}$/.test(raw)) return null;
  const value = Number(raw);
  return value >= 1 && value <= maxCoderThreshold ? value : null;
}

/** `values=a,b`: trimmed, without empties or repeats (a value with a comma is rejoined against the field's options, see participant-filter.ts). */
function readValues(raw: string | null): string[] {
  if (!raw) return [];
  return [...new Set(raw.split(',').map((v) => v.trim().slice(0, 500)).filter(Boolean))].slice(0, maxValues);
}

function readThreshold(raw: string | null): number | null {
  if (raw === null || !/^\d{1,7}$/.test(raw)) return null;
  const value = Number(raw);
  return value >= 2 && value <= maxThreshold ? value : null;
}

/**
 * The settings an address asks for; anything malformed falls back to the default rather than
 * being refused (a threshold of 1 shows everything, so it is the default too).
 *
 * @example
 * readPathwaySettings(new URLSearchParams('layer=consensus&min=2')) // { layer: 'consensus', merge: 'union', k: null, field: null, values: [], minParticipants: 2, view: 'map', participant: null }
 */
export function readPathwaySettings(search: URLSearchParams): PathwaySettings {
  const layer = search.get('layer')?.trim().slice(0, 64) || 'coders';
  const asked = search.get('merge');
  const k = readCoderThreshold(search.get('k'));
  // `kofn` without a usable k is malformed: the default rule rather than a guess at k.
  const merge = asked && rules.has(asked) && (asked !== 'kofn' || k !== null) ? (asked as MergeRule) : 'union';
  const view = search.get('view');
  const field = search.get('field')?.trim() ?? '';
  const hasField = fieldKey.test(field);
  return {
    layer,
    merge,
    k: merge === 'kofn' ? k : null,
    field: hasField ? field : null,
    values: hasField ? readValues(search.get('values')) : [],
    minParticipants: readThreshold(search.get('min')),
    view: view && views.has(view) ? (view as PathwayViewKind) : 'map',
    participant: search.get('participant')?.trim().slice(0, 128) || null,
  };
}

/** The address's query for the settings: only what differs from the default, in a stable order. */
export function writePathwaySettings(settings: PathwaySettings): URLSearchParams {
  const search = new URLSearchParams();
  if (settings.layer !== 'coders') search.set('layer', settings.layer);
  if (settings.merge !== 'union' && (settings.merge !== 'kofn' || settings.k !== null)) search.set('merge', settings.merge);
  if (settings.merge === 'kofn' && settings.k !== null) search.set('k', String(settings.k));
  if (settings.minParticipants !== null && settings.minParticipants > 1) search.set('min', String(settings.minParticipants));
  if (settings.field) search.set('field', settings.field);
  if (settings.field && settings.values.length > 0) search.set('values', settings.values.join(','));
  if (settings.view !== 'map') search.set('view', settings.view);
  if (settings.participant) search.set('participant', settings.participant);
  return search;
}

/**
 * The server's query (docs/api.md, `GET /pathways`) for the settings, without `format`. The rule
 * matters only when coders are merged, so it is left out otherwise (one ETag per distinct graph).
 * `participants` is the case filter's documents (null: all), sent sorted so that one set of
 * participants is one query; an empty set is sent as a single id no document has (an empty
 * `participants` would mean everyone).
 *
 * @example
 * pathwayQuery({ layer: 'coders', merge: 'majority', k: null, minParticipants: 2 }) // 'layer=coders&merge=majority&minParticipants=2'
 */
export function pathwayQuery(settings: Pick<PathwaySettings, 'layer' | 'merge' | 'k' | 'minParticipants'>, participants: readonly string[] | null = null): string {
  const search = new URLSearchParams({ layer: settings.layer });
  if (settings.layer === 'coders') {
    const kofn = settings.merge === 'kofn' && settings.k !== null;
    search.set('merge', kofn || settings.merge !== 'kofn' ? settings.merge : 'union');
    if (kofn) search.set('k', String(settings.k));
  }
  if (participants !== null) search.set('participants', participants.length > 0 ? [...participants].sort().join(',') : noParticipant);
  if (settings.minParticipants !== null && settings.minParticipants > 1) search.set('minParticipants', String(settings.minParticipants));
  return search.toString();
}

/** A document id no project has: the case filter chose nobody. */
export const noParticipant = '-';

/** True when the two settings show the same thing (the same graph, in the same view). */
export function sameSettings(a: PathwaySettings, b: PathwaySettings): boolean {
  return (
    a.layer === b.layer &&
    a.merge === b.merge &&
    a.k === b.k &&
    a.field === b.field &&
    a.values.length === b.values.length &&
    a.values.every((v, i) => v === b.values[i]) &&
    a.minParticipants === b.minParticipants &&
    a.view === b.view &&
    a.participant === b.participant
  );
}
