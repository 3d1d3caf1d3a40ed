import { describe, expect, it } from 'vitest';
import { validateContinuum } from './continuum.ts';
import { disagreement2004, prepareCoder2004, uAlpha2004Category, uAlpha2004Overall } from './unitizing-alpha-2004.ts';

const unit = (start: number, end: number): { start: number; end: number; value: number } => ({ start, end, value: 0 });

describe('u-alpha 1995/2004 (KA22)', () => {
  it('KA22: reproduces DKPro’s own test example', () => {
    // r0: -11111111-   r1: --1-1-1---
    const d = disagreement2004(10, [[unit(1, 9)], [unit(2, 3), unit(4, 5), unit(6, 7)]]);
    // DKPro asserts these to within 1e-4.
    expect(Math.abs(d.observed - 0.91)).toBeLessThan(1e-4);
    expect(Math.abs(d.expected - 0.5351)).toBeLessThan(1e-4);
    expect(Math.abs(1 - d.observed / d.expected + 0.7003)).toBeLessThan(1e-4);
  });

  it('KA22: reproduces Krippendorff 2004 p.254 (α_c = .7286, α_k = 1, overall .8587)', () => {
    const c = validateContinuum({
      length: 300,
      coders: [
        [{ start: 75, end: 145, code: 'c' }, { start: 220, end: 250, code: 'c' }, { start: 30, end: 90, code: 'k' }, { start: 150, end: 200, code: 'k' }],
        [
          { start: 70, end: 150, code: 'c' },
          { start: 205, end: 225, code: 'c' },
          { start: 250, end: 270, code: 'c' },
          { start: 30, end: 90, code: 'k' },
          { start: 150, end: 200, code: 'k' },
        ],
      ],
    });
    expect(uAlpha2004Category(c, 'c').value).toBeCloseTo(0.728598996805389, 12);
    expect(uAlpha2004Category(c, 'k').value).toBeCloseTo(1, 12);
    expect(uAlpha2004Overall(c).value).toBeCloseTo(0.85866540518417, 12);
  });

  it('KA3, KA22: is undefined when D_e = 0 (DKPro would report 0)', () => {
    const c = validateContinuum({ length: 10, coders: [[], []] });
    expect(uAlpha2004Overall(c)).toMatchObject({ undefined: true });
    expect(uAlpha2004Category(c, 'x')).toMatchObject({ undefined: true });
  });

  it('KA26: breaks only cut gaps; D_o is unaffected', () => {
    const coders = [[unit(2, 5), unit(14, 18)], [unit(3, 6)]];
    const free = disagreement2004(20, coders);
    const cut = disagreement2004(20, coders, [10]);
    expect(cut.observed).toBe(free.observed);
    expect(cut.expected).not.toBe(free.expected);
    expect([...prepareCoder2004(20, coders[1] as never, [10]).gaps]).toEqual([3, 4, 10]);
  });
});
