import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../tests/support/prometheus-text.ts';
import { Histogram, writeExposition, writeValue } from './prometheus-text.ts';

describe('Prometheus text exposition', () => {
  it('writes HELP and TYPE before each family and escapes help and label values', () => {
    const text = writeExposition([
      { name: 'x_total', help: 'back\\slash and\nnewline', type: 'counter', samples: [{ labels: { path: 'a"b\\c\nd' }, value: 2 }] },
      { name: 'y', help: 'a gauge', type: 'gauge', samples: [{ value: 0.25 }] },
    ]);
    expect(text).toBe(
      '# HELP x_total back\\\\slash and\\nnewline\n# TYPE x_total counter\nx_total{path="a\\"b\\\\c\\nd"} 2\n' + '# HELP y a gauge\n# TYPE y gauge\ny 0.25\n',
    );
    const parsed = parsePrometheusText(text);
    expect(parsed.value('x_total', { path: 'a"b\\c\nd' })).toBe(2);
    expect(parsed.families.get('x_total')).toEqual({ type: 'counter', help: 'back\\\\slash and\\nnewline' });
  });

  it('writes infinities and NaN as Prometheus reads them', () => {
    expect([NaN, Infinity, -Infinity, 1e-7, 3].map(writeValue)).toEqual(['NaN', '+Inf', '-Inf', '1e-7', '3']);
  });

  it('counts a histogram cumulatively, ending with +Inf equal to the count', () => {
    const histogram = new Histogram([0.01, 0.1, 1]);
    for (const value of [0.005, 0.05, 0.05, 0.5, 7]) histogram.observe(value);
    const parsed = parsePrometheusText(writeExposition([{ name: 'h_seconds', help: 'h', type: 'histogram', samples: histogram.samples() }]));
    expect(parsed.samples.filter((s) => s.name === 'h_seconds_bucket').map((s) => [s.labels.le, s.value])).toEqual([
      ['0.01', 1],
      ['0.1', 3],
      ['1', 4],
      ['+Inf', 5],
    ]);
    expect(parsed.value('h_seconds_count')).toBe(5);
    expect(parsed.value('h_seconds_sum')).toBeCloseTo(7.605);
  });

  it('the test reader refuses what Prometheus would refuse', () => {
    expect(() => parsePrometheusText('x 1')).toThrow(/newline/);
    expect(() => parsePrometheusText('x 1\n')).toThrow(/no # TYPE/);
    expect(() => parsePrometheusText('# TYPE x gauge\nx one\n')).toThrow(/not a number/);
    expect(() => parsePrometheusText('# TYPE x gauge\nx{a=b} 1\n')).toThrow(/not quoted/);
    expect(() => parsePrometheusText('# TYPE x counter\nx 1\n')).toThrow(/_total/);
    expect(() => parsePrometheusText('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n')).toThrow(/cumulative/);
  });
});
