import fs from 'node:fs';
import { createRequire } from 'node:module';
import { toElk, type PathwayGraph } from '../shared/pathways/index.ts';

const chromiumPath = '/usr/bin/chromium';

/**
 * Lays out `graph` (its ELK input, as the view builds it) with elkjs inside Chromium, five times,
 * and says the median; or why it could not (no Chromium, elkjs not installed).
 */
export async function layoutInChromium(graph: PathwayGraph): Promise<string> {
  let elkFile: string;
  try {
    elkFile = createRequire(import.meta.url).resolve('elkjs/lib/elk.bundled.js');
  } catch {
    return 'layout in Chromium: skipped (elkjs is not installed)';
  }
  if (!fs.existsSync(chromiumPath)) return `layout in Chromium: skipped (no ${chromiumPath})`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ path: elkFile });
    const times = await page.evaluate(async (input) => {
      const elk = new (globalThis as unknown as { ELK: new () => { layout(g: unknown): Promise<unknown> } }).ELK();
      const out: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await elk.layout(structuredClone(input));
        out.push(performance.now() - started);
      }
      return out;
    }, toElk(graph) as unknown);
    const sorted = [...times].sort((a, b) => a - b);
    return `layout with elkjs in Chromium: median ${sorted[2]!.toFixed(1)} ms (${times.map((t) => t.toFixed(0)).join(', ')}; the first includes warm-up) (target ≤ 1 s)`;
  } finally {
    await browser.close();
  }
}
