import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface ChunkSize {
  readonly file: string;
  readonly raw: number;
  readonly gzip: number;
  /** Loaded by every page before the app starts: the entry script and what index.html preloads. */
  readonly main: boolean;
}

/**
 * Every JavaScript file of a built client (`dist/client/assets`), raw and gzipped (zlib's default
 * level, as Vite's report), largest first. The main bundle is read off index.html: the entry
 * `<script type="module">` and its `<link rel="modulepreload">`s, i.e. the chunks it imports
 * statically. Everything else is loaded by a dynamic `import()` (or is a worker).
 */
export function measureChunks(clientDir: string): ChunkSize[] {
  const html = fs.readFileSync(path.join(clientDir, 'index.html'), 'utf8');
  const mainFiles = new Set(
    [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"|<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => path.basename((m[1] ?? m[2])!)),
  );
  const assets = path.join(clientDir, 'assets');
  return fs
    .readdirSync(assets)
    .filter((file) => file.endsWith('.js'))
    .map((file) => {
      const bytes = fs.readFileSync(path.join(assets, file));
      return { file, raw: bytes.length, gzip: zlib.gzipSync(bytes).length, main: mainFiles.has(file) };
    })
    .sort((a, b) => Number(b.main) - Number(a.main) || b.gzip - a.gzip);
}

export function printChunks(chunks: readonly ChunkSize[]): void {
  const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`.padStart(11);
  console.log(`JavaScript chunks (${chunks.length}); * = main bundle, loaded on every page:`);
  console.log(`  ${'file'.padEnd(40)}${'raw'.padStart(11)}${'gzip'.padStart(11)}`);
  for (const c of chunks) console.log(`${c.main ? '* ' : '  '}${c.file.padEnd(40)}${kb(c.raw)}${kb(c.gzip)}`);
  const main = chunks.filter((c) => c.main);
  const sum = (xs: readonly ChunkSize[], key: 'raw' | 'gzip') => xs.reduce((s, c) => s + c[key], 0);
  console.log(`  main bundle (${main.length} files): ${kb(sum(main, 'raw')).trim()} raw, ${kb(sum(main, 'gzip')).trim()} gzip`);
}
