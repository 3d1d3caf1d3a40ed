import { describe, expect, it } from 'vitest';
import { laneLabels, type LabelledLayer } from './lane-labels.ts';

const own: LabelledLayer = { key: 'own', kind: 'own', coderId: 'me', name: 'You' };
const consensus: LabelledLayer = { key: 'consensus', kind: 'consensus', coderId: 'consensus', name: 'Consensus' };
const coder = (coderId: string, name: string): LabelledLayer => ({ key: `layer-${coderId}`, kind: 'coder', coderId, name });

describe('lane labels', () => {
  it('shows what tells two coders apart, not the first words they share', () => {
    const labels = laneLabels([own, coder('a', 'Demo coder Ana'), coder('b', 'Demo coder Ben'), consensus], null);
    expect([...labels.values()]).toEqual([
      { full: 'You', short: 'You' },
      { full: 'Demo coder Ana', short: 'Ana' },
      { full: 'Demo coder Ben', short: 'Ben' },
      { full: 'Consensus', short: 'Consensus' },
    ]);
  });

  it('keeps a name that shares nothing with the others whole', () => {
    const labels = laneLabels([coder('a', 'Demo coder Ana'), coder('b', 'Demo coder Ben'), coder('c', 'Carla Díaz')], null);
    expect(labels.get('layer-c')).toEqual({ full: 'Carla Díaz', short: 'Carla Díaz' });
    expect(labels.get('layer-a')!.short).toBe('Ana');
  });

  it('tells members with the same display name apart by their email’s local part', () => {
    const labels = laneLabels([own, coder('a', 'Demo coder'), coder('b', 'Demo coder')], [
      { userId: 'a', name: 'Demo coder', email: 'ana.demo@example.org' },
      { userId: 'b', name: 'Demo coder', email: 'ben.demo@example.org' },
    ]);
    expect(labels.get('layer-a')).toEqual({ full: 'Demo coder (ana.demo)', short: 'ana.demo' });
    expect(labels.get('layer-b')).toEqual({ full: 'Demo coder (ben.demo)', short: 'ben.demo' });
  });

  it('numbers them when their emails are not shown (only owners see emails)', () => {
    const labels = laneLabels([coder('a', 'Sam'), coder('b', 'sam '), coder('c', 'Sam Lee')], [{ userId: 'a', name: 'Sam' }, { userId: 'b', name: 'sam ' }]);
    expect([...labels.values()].map((l) => l.full)).toEqual(['Sam (1)', 'sam (2)', 'Sam Lee']);
    expect(new Set([...labels.values()].map((l) => l.short)).size).toBe(3);
  });
});
