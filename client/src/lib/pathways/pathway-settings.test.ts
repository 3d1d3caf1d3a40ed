import { describe, expect, it } from 'vitest';
import { defaultPathwaySettings, pathwayQuery, readPathwaySettings, sameSettings, writePathwaySettings, type PathwaySettings } from './pathway-settings.ts';

describe('pathway settings in the address', () => {
  it('reads the layer, the rule and the threshold, and writes back only what differs from the default', () => {
    const settings = readPathwaySettings(new URLSearchParams('layer=u-7&merge=majority&min=3'));
    expect(settings).toEqual({ layer: 'u-7', merge: 'majority', minParticipants: 3, view: 'map', participant: null });
    expect(writePathwaySettings(settings).toString()).toBe('layer=u-7&merge=majority&min=3');
    const lanes = readPathwaySettings(new URLSearchParams('view=lanes&participant=doc-2'));
    expect([lanes.view, lanes.participant]).toEqual(['lanes', 'doc-2']);
    expect(writePathwaySettings(lanes).toString()).toBe('view=lanes&participant=doc-2');
    expect(writePathwaySettings(defaultPathwaySettings).toString()).toBe('');
  });

  it('falls back to the default for anything malformed instead of refusing the address', () => {
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
  });

  it('compares settings by value', () => {
    expect(sameSettings(readPathwaySettings(new URLSearchParams('min=2')), { ...defaultPathwaySettings, minParticipants: 2 })).toBe(true);
    expect(sameSettings(defaultPathwaySettings, { ...defaultPathwaySettings, merge: 'majority' })).toBe(false);
    expect(sameSettings(defaultPathwaySettings, { ...defaultPathwaySettings, view: 'steps' })).toBe(false);
  });
});
