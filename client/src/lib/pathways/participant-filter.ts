import type { DocumentView } from '../../../../shared/api/index.ts';
import type { AttributeField, AttributeValue } from '../../../../shared/model/attributes.ts';

/** One value a participant filter can choose, with how many documents have it. */
export interface FilterValue {
  readonly value: string;
  readonly count: number;
}

/**
 * The case filter by participant attributes (spec §2.5) as the page resolves it against the
 * project: the field, its values to choose from, the chosen ones and the documents they pick.
 */
export interface ParticipantFilter {
  /** The field in the address, if the project still has it. */
  readonly field: AttributeField | null;
  /** True when the address names a field the project does not have (it then filters nothing). */
  readonly unknownField: boolean;
  /** What can be chosen: a category's options in their order, else the values documents have. */
  readonly choices: readonly FilterValue[];
  /** The chosen values that are among `choices`. */
  readonly chosen: readonly string[];
  /** The documents the filter picks; null: every participant (no field, or no value chosen). */
  readonly participants: readonly string[] | null;
  /** How many documents count, of how many. */
  readonly count: number;
  readonly total: number;
}

type FilterDocument = Pick<DocumentView, 'id' | 'attributes'>;

/** A value as the address and the choices spell it (numbers in their plain decimal form). */
export function valueText(value: AttributeValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? String(value) : value.trim() || null;
}

/**
 * The address splits `values` on commas; a category option with a comma in it is put back
 * together here, against the options (longest match first), so it survives the address.
 *
 * @example
 * rejoinValues(['north', ' east', 'south'], ['north, east', 'south']) // ['north, east', 'south']
 */
export function rejoinValues(pieces: readonly string[], options: readonly string[]): string[] {
  const known = new Set(options);
  const out: string[] = [];
  for (let i = 0; i < pieces.length; ) {
    let taken = 1;
    for (let j = pieces.length; j > i + 1; j--) {
      const joined = pieces.slice(i, j).join(',');
      // The address reader trims each piece: try the option's own spacing after the comma too.
      const spaced = pieces.slice(i, j).join(', ');
      if (known.has(joined) || known.has(spaced)) {
        out.push(known.has(joined) ? joined : spaced);
        taken = j - i;
        break;
      }
    }
    if (taken === 1) out.push(pieces[i]!);
    i += taken;
  }
  return [...new Set(out)];
}

/**
 * Resolves the filter in the address against the project's fields and documents. A category
 * offers its options (in their order, even those no document has yet); a text or number field
 * offers the values its documents have, sorted. With no value chosen every participant counts.
 *
 * @example
 * resolveParticipantFilter([{ key: 'role', label: 'Role', type: 'category', options: ['coach', 'nurse'] }],
 *   [{ id: 'd1', attributes: { role: 'coach' } }, { id: 'd2', attributes: { role: 'nurse' } }], 'role', ['nurse'])
 * // { …, chosen: ['nurse'], participants: ['d2'], count: 1, total: 2 }
 */
export function resolveParticipantFilter(fields: readonly AttributeField[], documents: readonly FilterDocument[], fieldKey: string | null, values: readonly string[]): ParticipantFilter {
  const total = documents.length;
  const field = fieldKey === null ? null : (fields.find((f) => f.key === fieldKey) ?? null);
  if (field === null) return { field: null, unknownField: fieldKey !== null && fields.length > 0, choices: [], chosen: [], participants: null, count: total, total };
  const counts = new Map<string, number>();
  for (const document of documents) {
    const text = valueText(document.attributes[field.key]);
    if (text !== null) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const names =
    field.type === 'category'
      ? [...(field.options ?? []), ...[...counts.keys()].filter((v) => !field.options?.includes(v))]
      : [...counts.keys()].sort((a, b) => (field.type === 'number' ? Number(a) - Number(b) : a.localeCompare(b)));
  const choices = names.map((value) => ({ value, count: counts.get(value) ?? 0 }));
  const offered = new Set(names);
  const chosen = rejoinValues(values, names).filter((v) => offered.has(v));
  if (chosen.length === 0) return { field, unknownField: false, choices, chosen, participants: null, count: total, total };
  const wanted = new Set(chosen);
  const participants = documents.filter((d) => {
    const text = valueText(d.attributes[field.key]);
    return text !== null && wanted.has(text);
  });
  return { field, unknownField: false, choices, chosen, participants: participants.map((d) => d.id), count: participants.length, total };
}

/** "3 of 17 participants", "1 participant" when everyone counts and there is one. */
export function participantCountText(filter: Pick<ParticipantFilter, 'count' | 'total' | 'participants'>): string {
  const noun = (n: number) => (n === 1 ? 'participant' : 'participants');
  if (filter.participants === null && filter.total === 1) return '1 participant';
  return filter.participants === null ? `All ${filter.total} ${noun(filter.total)}` : `${filter.count} of ${filter.total} ${noun(filter.total)}`;
}
