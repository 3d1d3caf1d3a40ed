// Takes a screenshot of a page with Debian's headless Chromium, to look at what a screen shows.
// Usage: node --import tsx scripts/screenshot.ts <url> <out.png> [width] [height]
import { launchBrowser } from '../tests/support/browser.ts';

const [url, out, width, height] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node --import tsx scripts/screenshot.ts <url> <out.png> [width] [height]');
  process.exit(2);
}
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: Number(width ?? 1280), height: Number(height ?? 800) } });
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: out, fullPage: true });
} finally {
  await browser.close();
}
