/**
 * A strict reader of Prometheus' text exposition format (0.0.4), for tests: it throws on any line
 * a Prometheus server would refuse, and on a few things it would accept but we never mean to write
 * (a sample before its `# TYPE`, a counter not named `_total`, a histogram whose buckets shrink).
 */
export interface PrometheusSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PrometheusFamily {
  readonly type: string;
  readonly help: string;
}

export interface PrometheusText {
  readonly families: ReadonlyMap<string, PrometheusFamily>;
  readonly samples: readonly PrometheusSample[];
  /** The value of the one sample named `name` whose labels include `labels`; throws when there is none. */
  value(name: string, labels?: Record<string, string>): number;
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const types = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function readValue(raw: string, line: string): number {
  if (raw === 'NaN') return NaN;
  if (raw === '+Inf' || raw === 'Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  const value = Number(raw);
  if (raw === '' || Number.isNaN(value)) throw new Error(`not a number: ${raw} in "${line}"`);
  return value;
}

/** `{a="x",b="y\"z"}` → { a: 'x', b: 'y"z' }. */
function readLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`bad labels in "${line}"`);
    const name = text.slice(i, eq);
    if (!labelName.test(name) || name in labels) throw new Error(`bad or repeated label name "${name}" in "${line}"`);
    if (text[eq + 1] !== '"') throw new Error(`label value not quoted in "${line}"`);
    let value = '';
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === '\\') {
        const next = text[++j];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`bad escape in "${line}"`);
      } else value += text[j];
    }
    if (j >= text.length) throw new Error(`unterminated label value in "${line}"`);
    labels[name] = value;
    i = j + 1;
    if (i < text.length) {
      if (text[i] !== ',') throw new Error(`expected a comma between labels in "${line}"`);
      i++;
    }
  }
  return labels;
}

/** The family a sample belongs to: itself, or a histogram/summary's `_bucket`, `_sum`, `_count`. */
function familyOf(name: string, families: ReadonlyMap<string, PrometheusFamily>): string | null {
  if (families.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  const family = families.get(base);
  return family && (family.type === 'histogram' || family.type === 'summary') ? base : null;
}

function checkHistograms(families: ReadonlyMap<string, PrometheusFamily>, samples: readonly PrometheusSample[]): void {
  for (const [name, family] of families) {
    if (family.type !== 'histogram') continue;
    const buckets = samples.filter((s) => s.name === `${name}_bucket`);
    const count = samples.find((s) => s.name === `${name}_count`);
    if (!count || !samples.some((s) => s.name === `${name}_sum`)) throw new Error(`histogram ${name} lacks _sum or _count`);
    const last = buckets.at(-1);
    if (last?.labels.le !== '+Inf' || last.value !== count.value) throw new Error(`histogram ${name} must end with le="+Inf" equal to its _count`);
    for (let i = 1; i < buckets.length; i++) {
      if (readValue(buckets[i]!.labels.le!, name) <= readValue(buckets[i - 1]!.labels.le!, name)) throw new Error(`histogram ${name}: bucket bounds not increasing`);
      if (buckets[i]!.value < buckets[i - 1]!.value) throw new Error(`histogram ${name}: buckets not cumulative`);
    }
  }
}

export function parsePrometheusText(text: string): PrometheusText {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, PrometheusFamily>();
  const helps = new Map<string, string>();
  const samples: PrometheusSample[] = [];
  for (const line of text.slice(0, -1).split('\n')) {
    if (line.startsWith('#')) {
      const comment = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!comment) continue; // a plain comment
      const [, keyword, name, rest] = comment as unknown as [string, string, string, string];
      if (!metricName.test(name)) throw new Error(`bad metric name in "${line}"`);
      if (keyword === 'HELP') {
        if (helps.has(name)) throw new Error(`second HELP for ${name}`);
        helps.set(name, rest);
      } else {
        if (families.has(name)) throw new Error(`second TYPE for ${name}`);
        if (!types.has(rest)) throw new Error(`unknown type in "${line}"`);
        if (samples.some((s) => s.name === name || s.name.startsWith(`${name}_`))) throw new Error(`TYPE of ${name} after its samples`);
        families.set(name, { type: rest, help: helps.get(name) ?? '' });
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/.exec(line);
    if (!sample) throw new Error(`not a sample line: "${line}"`);
    const [, name, labelText, raw] = sample as unknown as [string, string, string | undefined, string];
    const family = familyOf(name, families);
    if (family === null) throw new Error(`sample ${name} has no # TYPE before it`);
    if (families.get(family)!.type === 'counter' && !name.endsWith('_total')) throw new Error(`counter ${name} should end with _total`);
    samples.push({ name, labels: labelText ? readLabels(labelText, line) : {}, value: readValue(raw, line) });
  }
  for (const [name, help] of helps) if (families.has(name)) families.set(name, { ...families.get(name)!, help });
  checkHistograms(families, samples);
  return {
    families,
    samples,
    value(name, labels = {}) {
      const matching = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
      if (matching.length !== 1) throw new Error(`expected one sample ${name}${JSON.stringify(labels)}, found ${matching.length}`);
      return matching[0]!.value;
    },
  };
}
