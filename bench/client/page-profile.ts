import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface PageProfile {
  readonly file: string;
  /** Milliseconds of self time per function, most first. */
  readonly top: readonly { readonly name: string; readonly ms: number }[];
  readonly busyMs: number;
  readonly totalMs: number;
}

/**
 * A CPU profile of the page's main thread over CDP (Chromium's Profiler domain), for finding what
 * costs during a measurement. Open the saved `.cpuprofile` in Chromium's DevTools (Performance).
 */
export async function startPageProfile(page: Page): Promise<{ stop(dir: string, name: string): Promise<PageProfile> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop(dir, name) {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      await cdp.detach();
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      return { file, ...summarise(profile) };
    },
  };
}

function summarise(profile: CpuProfile): Omit<PageProfile, 'file'> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') idleMs += frame.functionName === '(idle)' ? ms : 0;
    const where = frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}:${frame.columnNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + ms);
  });
  const top = [...self]
    .filter(([name]) => name !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 20)
    .map(([name, ms]) => ({ name, ms }));
  return { top, busyMs: totalMs - idleMs, totalMs };
}
