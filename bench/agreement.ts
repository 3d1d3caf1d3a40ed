// Agreement benchmark, two scenarios.
// 1. A seeded synthetic QDA study (17 transcripts × 60,000 characters, 3 coders, 40 codes, 6,000
//    overlapping codings): the full character-level report and a 1,000-sample bootstrap of
//    Krippendorff's alpha. Targets (2 cores): report ≤ 100 ms, bootstrap ≤ 2 s.
// 2. 2 coders × 100,000 units of continuous values (seeded, about 200,000 distinct values): interval
//    and ordinal alpha (ratio too, no target), each in a fresh child process so its peak RSS is its
//    own. Targets (issue 14): each ≤ 1 s and ≤ 200 MB.
// Run: node --import tsx bench/agreement.ts
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  bootstrapAlpha,
  buildAgreementReport,
  buildReliabilityData,
  createSeededRandom,
  krippendorffAlpha,
  studyReliabilityData,
  type AgreementStudy,
  type Metric,
  type StudyCoding,
} from '../shared/agreement/index.ts';
import { benchmarkStudy, syntheticCodings } from './benchmark-study.ts';

const { documentCount, documentLength, coderIds, codeCount } = benchmarkStudy;

function syntheticStudy(seed: number): AgreementStudy {
  const documents = Array.from({ length: documentCount }, (_, d) => ({ id: `transcript-${d + 1}`, length: documentLength }));
  const codes = Array.from({ length: codeCount }, (_, k) => ({ id: `code-${k + 1}`, domain: `domain-${(k % 5) + 1}` }));
  const codings: StudyCoding[] = syntheticCodings(createSeededRandom(seed)).map((c) => ({ documentId: `transcript-${c.document + 1}`, coderId: coderIds[c.coder]!, codeId: c.codeId, start: c.start, end: c.end }));
  return { documents, coders: coderIds.map((id) => ({ id })), codes, codings };
}

function time<T>(run: () => T): [T, number] {
  const t0 = performance.now();
  const value = run();
  return [value, performance.now() - t0];
}

// CPU time of this process: on a shared machine wall time also counts other processes' turns.
function cpuMs<T>(run: () => T): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function benchStudy(): void {
  const study = syntheticStudy(20240611);
  console.log(
    `study: ${study.documents.length} documents × ${documentLength} characters, ${study.coders.length} coders, ` +
      `${study.codes.length} codes, ${study.codings.length} codings`,
  );

  // The first run includes V8 compiling and optimising the code; a server computing dashboards
  // repeatedly runs warm, so the target applies to the warm median (both are printed).
  const [firstReport, firstMs] = time(() => buildAgreementReport(study));
  let report = firstReport;
  for (let i = 0; i < 5; i++) report = buildAgreementReport(study);
  const reportTimes: number[] = [];
  for (let i = 0; i < 15; i++) {
    const [r, ms] = time(() => buildAgreementReport(study));
    report = r;
    reportTimes.push(ms);
  }
  const reportCpu = Array.from({ length: 5 }, () => cpuMs(() => buildAgreementReport(study)));
  const count = (sections: readonly { results: readonly unknown[] }[]): number => sections.reduce((n, s) => n + s.results.length, 0);
  const resultCount =
    report.overall.length +
    count(report.perCode) +
    count(report.perDocument) +
    count(report.perCodeDocument) +
    count(report.perCoderPair) +
    count(report.perDomain);
  console.log(
    `full report (character unit, all measures, ${resultCount} results): warm median ${median(reportTimes).toFixed(1)} ms, ` +
      `min ${Math.min(...reportTimes).toFixed(1)} ms over ${reportTimes.length} runs, CPU median ${median(reportCpu).toFixed(1)} ms ` +
      `(target ≤ 100 ms); first, cold run ${firstMs.toFixed(1)} ms`,
  );
  const [withRows, rowsMs] = time(() => buildAgreementReport(study, { sections: { perCodeDocument: true } }));
  console.log(
    `  with the ${withRows.perCodeDocument.length} code × document rows as well (NVivo layout, opt-in): ${rowsMs.toFixed(1)} ms (warm)`,
  );
  const alpha = report.overall.find((r) => r.measure === 'krippendorff_alpha');
  const uAlpha = report.overall.find((r) => r.measure === 'binary_u_alpha');
  console.log(`  overall alpha (nominal, characters × codes) = ${alpha?.value?.toFixed(4)}, |u-alpha = ${uAlpha?.value?.toFixed(4)}`);

  const [data, dataMs] = time(() => studyReliabilityData(study));
  const bootTimes: number[] = [];
  const [firstBoot, firstBootMs] = time(() => bootstrapAlpha(data, { random: createSeededRandom(1), samples: 1000 }));
  let boot = firstBoot;
  for (let i = 0; i < 5; i++) {
    const [b, ms] = time(() => bootstrapAlpha(data, { random: createSeededRandom(i + 1), samples: 1000 }));
    boot = b;
    bootTimes.push(ms);
  }
  console.log(
    `bootstrap of alpha (1,000 samples, ${boot.draws.toLocaleString('en')} pairs each): median ${median(bootTimes).toFixed(1)} ms, ` +
      `min ${Math.min(...bootTimes).toFixed(1)} ms, first run ${firstBootMs.toFixed(1)} ms (target ≤ 2,000 ms; data built in ${dataMs.toFixed(1)} ms)`,
  );
  console.log(
    `  95% CI [${boot.lower?.toFixed(4)}, ${boot.upper?.toFixed(4)}], ` +
      boot.belowMinimum.map((b) => `P(α < ${b.minimum}) = ${b.probability}`).join(', '),
  );
}

const continuousUnits = 100_000;
const continuousMetrics: readonly Metric[] = ['interval', 'ordinal', 'ratio'];
const childFlag = '--continuous-alpha';

/** Two coders measuring the same positive quantity with noise: every value distinct. */
function continuousRows(seed: number): number[][] {
  const random = createSeededRandom(seed);
  return Array.from({ length: continuousUnits }, () => {
    const truth = 10 + 100 * random();
    return [truth + 10 * (random() - 0.5), truth + 10 * (random() - 0.5)];
  });
}

type ContinuousRun = { metric: Metric; categories: number; buildMs: number; firstMs: number; warmMs: number; alpha: number | null; rssBeforeMb: number; peakRssMb: number };

/** In the child: build the data, then time alpha cold (first call, as the CLI runs it) and warm. */
function runContinuousChild(metric: Metric): void {
  const [data, buildMs] = time(() => buildReliabilityData({ data: continuousRows(14) }));
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  const [alpha, firstMs] = time(() => krippendorffAlpha(data, metric));
  const [, warmMs] = time(() => krippendorffAlpha(data, metric));
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const run: ContinuousRun = { metric, categories: data.categories.length, buildMs, firstMs, warmMs, alpha: alpha.value, rssBeforeMb, peakRssMb };
  console.log(JSON.stringify(run));
}

function benchContinuous(): void {
  console.log(`continuous values: 2 coders × ${continuousUnits.toLocaleString('en')} units, one fresh process per metric (targets: ≤ 1,000 ms, ≤ 200 MB)`);
  for (const metric of continuousMetrics) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), childFlag, metric], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${metric} child failed: ${child.stderr}`);
    const run = JSON.parse(child.stdout.trim().split('\n').at(-1) as string) as ContinuousRun;
    console.log(
      `  ${metric.padEnd(8)} alpha = ${run.alpha?.toFixed(6)}: first call ${run.firstMs.toFixed(0)} ms, warm ${run.warmMs.toFixed(0)} ms; ` +
        `peak RSS ${run.peakRssMb.toFixed(0)} MB (${run.rssBeforeMb.toFixed(0)} MB before alpha, with the data; ` +
        `${run.categories.toLocaleString('en')} distinct values built in ${run.buildMs.toFixed(0)} ms)`,
    );
  }
}

if (process.argv[2] === childFlag) {
  runContinuousChild(process.argv[3] as Metric);
} else {
  console.log(`machine: ${os.availableParallelism()} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  benchStudy();
  benchContinuous();
  console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}
