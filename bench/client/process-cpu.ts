import type { Browser } from 'playwright-core';

/** CPU seconds each kind of Chromium process has used so far (renderer, gpu, browser, utility…). */
export async function chromiumCpu(browser: Browser): Promise<Map<string, number>> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number; cpuTime: number }[] };
    const byType = new Map<string, number>();
    for (const p of processInfo) byType.set(p.type, (byType.get(p.type) ?? 0) + p.cpuTime);
    return byType;
  } finally {
    await cdp.detach();
  }
}

/**
 * What each kind of process used between two readings (CPU seconds). Unlike frame times, this
 * hardly depends on what else the machine is doing: it says what the work costs, not how long
 * it waited for a core. A process that ended in between (a closed page) is left out.
 */
export function cpuBetween(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): Map<string, number> {
  const used = new Map<string, number>();
  for (const [type, seconds] of after) {
    const delta = seconds - (before.get(type) ?? 0);
    if (delta > 0) used.set(type, delta);
  }
  return used;
}
