import { describe, expect, it } from 'vitest';
import { defaultPathwaySettings, noParticipant, pathwayQuery, readPathwaySettings, sameSettings, writePathwaySettings, type PathwaySettings } from './pathway-settings.ts';

describe('pathway settings in the address', () => {
  it('reads the layer, the rule and the threshold, and writes back only what differs from the default', () => {
    const settings = readPathwaySettings(new URLSearchParams('layer=u-7&merge=majority&min=3'));
    expect(settings).toEqual({ layer: 'u-7', merge: 'majority', k: null, field: null, values: [], minParticipants: 3, view: 'map', participant: null });
    expect(writePathwaySettings(settings).toString()).toBe('layer=u-7&merge=majority&min=3');
    const lanes = readPathwaySettings(new URLSearchParams('view=lanes&participant=doc-2'));
    expect([lanes.view, lanes.participant]).toEqual(['lanes', 'doc-2']);
    expect(writePathwaySettings(lanes).toString()).toBe('view=lanes&participant=doc-2');
    expect(writePathwaySettings(defaultPathwaySettings).toString()).toBe('');
  });

  it('keeps k of n and the participant filter in the address', () => {
    const settings = readPathwaySettings(new URLSearchParams('merge=kofn&k=3&field=role&values=coach, nurse,,coach'));
    expect([settings.merge, settings.k, settings.field, settings.values]).toEqual(['kofn', 3, 'role', ['coach', 'nurse']]);
    expect(writePathwaySettings(settings).toString()).toBe('merge=kofn&k=3&field=role&values=coach%2Cnurse');
    // A field without values is kept (the page asks for values); values without a field are not.
    expect(writePathwaySettings(readPathwaySettings(new URLSearchParams('field=role'))).toString()).toBe('field=role');
    expect(readPathwaySettings(new URLSearchParams('values=coach')).values).toEqual([]);
    // k belongs to kofn only.
    expect(readPathwaySettings(new URLSearchParams('merge=majority&k=2')).k).toBeNull();
  });

  it('falls back to the default for anything malformed instead of refusing the address', () => {
    expect(readPathwaySettings(new URLSearchParams('merge=kofn&k=0'))).toEqual(defaultPathwaySettings);
    expect(readPathwaySettings(new URLSearchParams('merge=kofn&k=2.5'))).toEqual(defaultPathwaySettings);
    expect(readPathwaySettings(new URLSearchParams('field=no%20spaces&values=a'))).toEqual(defaultPathwaySettings);
    expect(readPathwaySettings(new URLSearchParams('merge=kofn&min=-2&view=pie'))).toEqual(defaultPathwaySettings);
    expect(readPathwaySettings(new URLSearchParams('layer=&min=1.5'))).toEqual(defaultPathwaySettings);
    // A threshold of 1 shows every transition: it is the default, not a setting.
    expect(readPathwaySettings(new URLSearchParams('min=1')).minParticipants).toBeNull();
  });

  it('asks the server for the rule only when coders are merged', () => {
    expect(pathwayQuery({ ...defaultPathwaySettings, layer: 'coders', merge: 'majority', minParticipants: 2 })).toBe('layer=coders&merge=majority&minParticipants=2');
    const lanes: PathwaySettings = { ...defaultPathwaySettings, layer: 'consensus', merge: 'majority', view: 'lanes', participant: 'd' };
    expect(pathwayQuery(lanes)).toBe('layer=consensus');
    expect(pathwayQuery({ ...defaultPathwaySettings, layer: 'user 1' })).toBe('layer=user+1');
    expect(pathwayQuery({ ...defaultPathwaySettings, merge: 'kofn', k: 2 })).toBe('layer=coders&merge=kofn&k=2');
    expect(pathwayQuery({ ...defaultPathwaySettings, layer: 'consensus', merge: 'kofn', k: 2 })).toBe('layer=consensus');
  });

  it('sends the filter’s participants sorted, and nobody as an id no document has', () => {
    expect(pathwayQuery(defaultPathwaySettings, ['d2', 'd1'])).toBe('layer=coders&merge=union&participants=d1%2Cd2');
    expect(pathwayQuery(defaultPathwaySettings, [])).toBe(`layer=coders&merge=union&participants=${noParticipant}`);
    expect(pathwayQuery(defaultPathwaySettings, null)).toBe('layer=coders&merge=union');
  });

  it('compares settings by value', () => {
    expect(sameSettings(readPathwaySettings(new URLSearchParams('min=2')), { ...defaultPathwaySettings, minParticipants: 2 })).toBe(true);
    expect(sameSettings(defaultPathwaySettings, { ...defaultPathwaySettings, merge: 'majority' })).toBe(false);
    expect(sameSettings(defaultPathwaySettings, { ...defaultPathwaySettings, view: 'steps' })).toBe(false);
    expect(sameSettings({ ...defaultPathwaySettings, field: 'role', values: ['a'] }, { ...defaultPathwaySettings, field: 'role', values: ['a'] })).toBe(true);
    expect(sameSettings({ ...defaultPathwaySettings, field: 'role', values: ['a'] }, { ...defaultPathwaySettings, field: 'role', values: ['b'] })).toBe(false);
    expect(sameSettings({ ...defaultPathwaySettings, merge: 'kofn', k: 2 }, { ...defaultPathwaySettings, merge: 'kofn', k: 3 })).toBe(false);
  });
});
