/**
 * Bundles test code for a browser at test time, with the project's own Vite
 * (no CDN, nothing prebuilt in the repository): the framework pages of
 * tests/e2e/bundles/ and the card rendered in an extension page. The bundle
 * is an IIFE that puts the entry's exports on `window.TestBundle`.
 */
import { resolve } from 'node:path';
import { build, type Rollup } from 'vite';

const ROOT = resolve(import.meta.dirname, '../../..');
const cache = new Map<string, Promise<string>>();

/** The entry (a path from the repository root) as one script, production React/Preact builds. */
export function bundleForBrowser(entry: string): Promise<string> {
  let code = cache.get(entry);
  if (!code) cache.set(entry, (code = buildOnce(entry)));
  return code;
}

async function buildOnce(entry: string): Promise<string> {
  const result = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    mode: 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      minify: false,
      emptyOutDir: false,
      lib: { entry: resolve(ROOT, entry), formats: ['iife'], name: 'TestBundle', fileName: 'bundle' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs.flatMap((output) => output.output).find((file) => file.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error(`no bundle for ${entry}`);
  return chunk.code;
}
