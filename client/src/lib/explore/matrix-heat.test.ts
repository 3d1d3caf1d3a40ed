import { describe, expect, it } from 'vitest';
import { contrast, heatLegend, heatStep, heatSteps } from './matrix-heat.ts';

describe('matrix heat shading', () => {
  it('keeps every number readable on its shade (WCAG AA, 4.5 : 1)', () => {
    for (const step of heatSteps) expect(contrast(step.background, step.text)).toBeGreaterThanOrEqual(4.5);
  });
  it('gets darker with every step', () => {
    const ratios = heatSteps.map((s) => contrast(s.background, '#ffffff'));
    expect([...ratios].sort((a, b) => a - b)).toEqual(ratios);
  });
  it('gives nothing no shade and the largest cell the darkest', () => {
    expect(heatStep(0, 10)).toBe(0);
    expect(heatStep(1, 10)).toBe(1);
    expect(heatStep(10, 10)).toBe(5);
    expect(heatStep(3, 0)).toBe(0);
  });
  it('lists the whole numbers each step covers, agreeing with heatStep', () => {
    for (const max of [1, 2, 3, 7, 40, 1234]) {
      const legend = heatLegend(max);
      expect(legend[0]!.from).toBe(1);
      expect(legend.at(-1)!.to).toBe(max);
      for (const { step, from, to } of legend) {
        expect(heatStep(from, max)).toBe(step);
        expect(heatStep(to, max)).toBe(step);
      }
    }
    expect(heatLegend(2)).toEqual([
      { step: 3, from: 1, to: 1 },
      { step: 5, from: 2, to: 2 },
    ]);
  });
});
