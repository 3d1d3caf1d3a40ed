#!/usr/bin/env node
// The `accord` command. Runs the compiled CLI (dist/server/cli.js, from `npm run build`) when it is
// there and newer than its sources: plain Node, no TypeScript compiler to load, so it starts at
// once. Otherwise — a checkout before its first build, or with edited sources — it registers tsx
// and runs the TypeScript sources as they are.
import path from 'node:path';
import { serverBuildState } from '../scripts/build-freshness.mjs';

const state = serverBuildState(path.resolve(import.meta.dirname, '..'));
if (state === 'fresh') {
  await import('../dist/server/cli.js');
} else {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    process.stderr.write(`accord: the compiled CLI (dist/server/cli.js) is ${state === 'missing' ? 'missing' : 'older than its sources'}, and tsx, which runs the sources, is not installed (a development dependency). Run \`npm install && npm run build\`.\n`);
    process.exit(1);
  }
  tsx.register();
  await import('../server/cli/main.ts');
}
