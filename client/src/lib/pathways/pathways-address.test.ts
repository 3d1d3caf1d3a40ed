import { describe, expect, it } from 'vitest';
import { defaultPathwaySettings, readPathwaySettings } from './pathway-settings.ts';
import { pathwaysAddress } from './pathways-address.ts';

describe('the pathways address', () => {
  it('keeps the participant filter readable and reads back what it wrote', () => {
    const settings = { ...defaultPathwaySettings, merge: 'kofn' as const, k: 2, field: 'role', values: ['coach', 'north, east'] };
    const address = pathwaysAddress('p 1', settings);
    expect(address).toBe('/projects/p%201/pathways?merge=kofn&k=2&field=role&values=coach,north,+east');
    const read = readPathwaySettings(new URLSearchParams(address.split('?')[1]));
    // The comma inside an option is rejoined against the field's options (participant-filter.ts).
    expect([read.merge, read.k, read.field, read.values]).toEqual(['kofn', 2, 'role', ['coach', 'north', 'east']]);
    expect(pathwaysAddress('p', defaultPathwaySettings)).toBe('/projects/p/pathways');
  });
});
