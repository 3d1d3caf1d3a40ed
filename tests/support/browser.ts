import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { requireOrSkip } from './requirements.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function hasChromium(): boolean {
  return fs.existsSync(chromiumPath);
}

/**
 * Debian's Chromium, headless, with the flags this sandboxed machine needs: no sandbox as root, and
 * no background networking (the network is closed; Chromium would otherwise retry lookups forever).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The built web client (`npm run build`) that browser tests' servers serve. */
export const builtClientDir = path.resolve('dist/client');

/**
 * Whether this machine can run browser tests: Chromium and the built client. Otherwise they are
 * skipped with a message — except under CI=true, where that is a failure (`requireOrSkip`).
 */
export function browserTestsReady(): boolean {
  return requireOrSkip(hasChromium(), 'Chromium at /usr/bin/chromium') && requireOrSkip(fs.existsSync(path.join(builtClientDir, 'index.html')), 'the built client (npm run build)');
}
