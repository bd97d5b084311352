/**
 * Builds scripts/bench/page/scanner-entry.ts (which imports the real
 * scanner from src/embeds) into one classic script for page.addScriptTag,
 * with the same bundler and minifier as the extension (Vite), so the
 * scanner timed in the page is the code the content script runs.
 */
import { resolve } from 'node:path';
import { build } from 'vite';
import { ROOT } from './setup';

export async function bundleScanner(minify: boolean): Promise<string> {
  const result = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    build: {
      write: false,
      minify,
      target: 'esnext',
      lib: {
        entry: resolve(import.meta.dirname, '../page/scanner-entry.ts'),
        formats: ['iife'],
        name: '__tmScannerBundle',
        fileName: 'scanner',
      },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const out of outputs) {
    if (!('output' in out)) continue;
    const chunk = out.output.find((o) => o.type === 'chunk');
    if (chunk && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('bench: the scanner bundle has no output');
}
