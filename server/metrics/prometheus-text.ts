/**
 * The Prometheus text exposition format (version 0.0.4), written by hand: one `# HELP` and one
 * `# TYPE` line per family, then its samples. https://prometheus.io/docs/instrumenting/exposition_formats/
 *
 * @example
 * writeExposition([{ name: 'accord_rooms_loaded', help: 'Rooms in memory.', type: 'gauge', samples: [{ value: 3 }] }]);
 * // # HELP accord_rooms_loaded Rooms in memory.\n# TYPE accord_rooms_loaded gauge\naccord_rooms_loaded 3\n
 */

export const exposition = { contentType: 'text/plain; version=0.0.4; charset=utf-8' } as const;

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface Sample {
  /** Appended to the family's name: `_bucket`, `_sum`, `_count` for histograms. */
  readonly suffix?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly Sample[];
}

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabelValue = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Go's float syntax as Prometheus reads it: `NaN`, `+Inf`, `-Inf`, or a JavaScript number. */
export function writeValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function writeLabels(labels: Readonly<Record<string, string>> | undefined): string {
  if (!labels) return '';
  const pairs = Object.entries(labels).map(([key, value]) => `${key}="${escapeLabelValue(value)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

export function writeFamily(family: MetricFamily): string {
  let text = `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
  for (const sample of family.samples) text += `${family.name}${sample.suffix ?? ''}${writeLabels(sample.labels)} ${writeValue(sample.value)}\n`;
  return text;
}

export function writeExposition(families: readonly MetricFamily[]): string {
  return families.map(writeFamily).join('');
}

/**
 * A cumulative histogram over fixed upper bounds (seconds, bytes …). Observing is one loop over a
 * dozen bounds; no sample is kept.
 */
export class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.bounds.length; i++) if (value <= this.bounds[i]!) this.counts[i]!++;
  }

  /** `_bucket{le=…}` (cumulative, ending with `+Inf`), `_sum` and `_count`. */
  samples(): Sample[] {
    return [
      ...this.bounds.map((bound, i) => ({ suffix: '_bucket', labels: { le: writeValue(bound) }, value: this.counts[i]! })),
      { suffix: '_bucket', labels: { le: '+Inf' }, value: this.count },
      { suffix: '_sum', value: this.sum },
      { suffix: '_count', value: this.count },
    ];
  }
}
