import { describe, expect, it } from 'vitest';
import type { AttributeField, AttributeValues } from '../../../../shared/model/attributes.ts';
import { participantCountText, rejoinValues, resolveParticipantFilter } from './participant-filter.ts';

const fields: AttributeField[] = [
  { key: 'role', label: 'Role', type: 'category', options: ['coach', 'nurse', 'north, east'] },
  { key: 'years', label: 'Years', type: 'number' },
  { key: 'site', label: 'Site', type: 'text' },
];
const documents: { id: string; attributes: AttributeValues }[] = [
  { id: 'd1', attributes: { role: 'coach', years: 12, site: 'Leeds' } },
  { id: 'd2', attributes: { role: 'nurse', years: 3 } },
  { id: 'd3', attributes: { role: 'coach', years: 3, site: 'Bath' } },
  { id: 'd4', attributes: { role: null } },
];

describe('the participant filter (a case filter)', () => {
  it('counts everyone without a field, or with a field and no value chosen', () => {
    const all = resolveParticipantFilter(fields, documents, null, []);
    expect([all.participants, all.count, all.total, all.unknownField]).toEqual([null, 4, 4, false]);
    expect(participantCountText(all)).toBe('All 4 participants');
    const role = resolveParticipantFilter(fields, documents, 'role', []);
    expect(role.participants).toBeNull();
    expect(role.choices).toEqual([
      { value: 'coach', count: 2 },
      { value: 'nurse', count: 1 },
      { value: 'north, east', count: 0 },
    ]);
  });

  it('picks the documents with one of the chosen values and says how many of how many', () => {
    const coaches = resolveParticipantFilter(fields, documents, 'role', ['coach']);
    expect(coaches.participants).toEqual(['d1', 'd3']);
    expect(participantCountText(coaches)).toBe('2 of 4 participants');
    expect(resolveParticipantFilter(fields, documents, 'role', ['coach', 'nurse']).participants).toEqual(['d1', 'd2', 'd3']);
    // A value no document has picks nobody (the page says so; the server is sent an id no document has).
    const none = resolveParticipantFilter(fields, documents, 'role', ['north', 'east']);
    expect([none.chosen, none.participants]).toEqual([['north, east'], []]);
    // Values that are not choices are dropped.
    expect(resolveParticipantFilter(fields, documents, 'role', ['pilot']).participants).toBeNull();
  });

  it('offers the values documents have for number and text fields, in order', () => {
    const years = resolveParticipantFilter(fields, documents, 'years', ['3']);
    expect(years.choices.map((c) => c.value)).toEqual(['3', '12']);
    expect(years.participants).toEqual(['d2', 'd3']);
    expect(resolveParticipantFilter(fields, documents, 'site', []).choices.map((c) => c.value)).toEqual(['Bath', 'Leeds']);
  });

  it('ignores a field the project no longer has, and says so', () => {
    const gone = resolveParticipantFilter(fields, documents, 'cohort', ['a']);
    expect([gone.field, gone.unknownField, gone.participants]).toEqual([null, true, null]);
    // Before the fields load (none yet) it is not called unknown.
    expect(resolveParticipantFilter([], documents, 'cohort', ['a']).unknownField).toBe(false);
  });

  it('puts an option with a comma back together from the address', () => {
    expect(rejoinValues(['north', 'east', 'coach'], ['north, east', 'coach'])).toEqual(['north, east', 'coach']);
    expect(rejoinValues(['a', 'b'], ['a,b'])).toEqual(['a,b']);
    expect(rejoinValues(['a', 'b'], ['a', 'b'])).toEqual(['a', 'b']);
  });
});
