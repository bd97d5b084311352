/**
 * What every suite needs, made once per run: the extension built into its own
 * output directory (so that the benchmark never races `npm test` over
 * .output/), the no-op baseline extension derived from its manifest, and the
 * generated pages served from a temporary directory.
 */
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'wxt';
import { PAGES_DIR, startPageServer, type PageServer } from '../../../tests/e2e/harness/server';
import { CARDS_SCRIPT, ENGINE_SCRIPT } from '../../../src/content/matches';
import { OBSERVE } from '../../../src/content/page-watcher';
import {
  churnPage,
  feedPage,
  heavyPage,
  plainPage,
  type HeavyPageOptions,
  type HeavyPageStats,
  type PlainPageStats,
} from './pages';

export const ROOT = resolve(import.meta.dirname, '../../..');
/**
 * The benchmark's own build, beside the tests' .output/ (wxt.config.ts reads WXT_OUT_DIR).
 * BENCH_OUT_DIR moves it, so that two people benchmarking one checkout (a `--quick` check
 * next to a full run) never rebuild the extension under each other's browsers.
 */
export const OUT_DIR = resolve(ROOT, process.env.BENCH_OUT_DIR ?? '.output-bench');
/**
 * The extension measured: the benchmark's own build, or, with BENCH_EXTENSION_DIR, a build made
 * elsewhere, measured as it is (not rebuilt), e.g. a sabotaged one to see the run's checks fail
 * (`npm run bench -- --broken-content-script` makes one; docs/performance.md, "What each run proves").
 */
const OWN_EXTENSION_DIR = resolve(OUT_DIR, 'chrome-mv3');
export let EXTENSION_DIR = process.env.BENCH_EXTENSION_DIR
  ? resolve(process.env.BENCH_EXTENSION_DIR)
  : OWN_EXTENSION_DIR;
export const NOOP_DIR = resolve(OUT_DIR, 'noop-mv3');
/** The no-op extension whose content script only watches the page (writeFloorExtension). */
export const FLOOR_DIR = resolve(OUT_DIR, 'floor-mv3');
/** The build with a content script that does nothing (--broken-content-script). */
export const BROKEN_DIR = resolve(OUT_DIR, 'broken-content-script-mv3');
/** The same build, not minified: only for profiles that must name functions. Never measured for cost. */
export const READABLE_DIR = resolve(OUT_DIR, 'readable', 'chrome-mv3');

let built: Promise<void> | undefined;
let readable: Promise<string> | undefined;
const quiet = { ...console, debug() {}, info() {}, success() {}, log() {}, warn: console.warn } as never;

/** Builds the extension for Chrome (MV3) into .output-bench/chrome-mv3, once per run. */
export function buildExtension(): Promise<void> {
  built ??= (async () => {
    if (EXTENSION_DIR === OWN_EXTENSION_DIR || EXTENSION_DIR === BROKEN_DIR) {
      process.env.WXT_OUT_DIR = OUT_DIR;
      await build({ root: ROOT, browser: 'chrome', outDir: OUT_DIR, logger: quiet });
    }
    writeNoopExtension();
    writeFloorExtension();
    if (EXTENSION_DIR === BROKEN_DIR) writeBrokenExtension();
  })();
  return built;
}

/**
 * Measures, from here on, a copy of the build whose content script does nothing (its files
 * emptied; the background, pages and archive as built): what a content script that never
 * starts looks like to the benchmark. Every suite must then fail its checks.
 */
export function useBrokenContentScript(): void {
  EXTENSION_DIR = BROKEN_DIR;
  brokenContentScript = true;
}

let brokenContentScript = false;

function writeBrokenExtension(from = OWN_EXTENSION_DIR, to = BROKEN_DIR): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  for (const js of contentScriptFiles(to)) writeFileSync(resolve(to, js), '// does nothing\n');
}

/** The benchmark's Firefox build (MV2), its no-op and its broken copy, beside the Chrome ones. */
const OWN_FIREFOX_DIR = resolve(OUT_DIR, 'firefox-mv2');
export const FIREFOX_NOOP_DIR = resolve(OUT_DIR, 'noop-firefox-mv2');
const FIREFOX_BROKEN_DIR = resolve(OUT_DIR, 'broken-content-script-firefox-mv2');
let firefoxBuilt: Promise<string> | undefined;

/**
 * Builds the extension for Firefox (`wxt build -b firefox`, MV2) into .output-bench/firefox-mv2
 * once per run, derives its no-op extension the same way as Chrome's, and returns the directory
 * to measure: the build, its broken copy (--broken-content-script), or BENCH_FIREFOX_EXTENSION_DIR
 * as it is.
 */
export function buildFirefoxExtension(): Promise<string> {
  firefoxBuilt ??= (async () => {
    const other = process.env.BENCH_FIREFOX_EXTENSION_DIR;
    if (!other) {
      process.env.WXT_OUT_DIR = OUT_DIR;
      await build({ root: ROOT, browser: 'firefox', outDir: OUT_DIR, logger: quiet });
    }
    const measured = other ? resolve(other) : OWN_FIREFOX_DIR;
    writeNoopExtension(measured, FIREFOX_NOOP_DIR);
    if (!brokenContentScript) return measured;
    writeBrokenExtension(measured, FIREFOX_BROKEN_DIR);
    return FIREFOX_BROKEN_DIR;
  })();
  return firefoxBuilt;
}

interface Manifest {
  background?: { service_worker?: string; scripts?: string[] };
  content_scripts?: { js?: string[]; css?: string[] }[];
}

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;

/**
 * The content script's files as the built manifest declares them (the file
 * name changed once already: a profile matched by a hard-coded path silently
 * found no sample, so the name is read, never written down), the engine
 * the background injects where the first stage asks for it (docs/performance.md#two-stages),
 * and the cards it injects with the first card.
 */
export function contentScriptFiles(dir = EXTENSION_DIR): string[] {
  return [...declaredContentScripts(dir), ...engineFiles(dir), ...cardsFiles(dir)];
}

/** The content scripts the manifest declares: the first stage. */
export function declaredContentScripts(dir = EXTENSION_DIR): string[] {
  return (readManifest(dir).content_scripts ?? []).flatMap((script) => script.js ?? []);
}

/** The engine file, when the build has one. */
export function engineFiles(dir = EXTENSION_DIR): string[] {
  return existsSync(join(dir, ENGINE_SCRIPT)) ? [ENGINE_SCRIPT] : [];
}

/** The cards' file, which the background injects where the engine is about to mount its first card, when the build has one. */
export function cardsFiles(dir = EXTENSION_DIR): string[] {
  return existsSync(join(dir, CARDS_SCRIPT)) ? [CARDS_SCRIPT] : [];
}

/** Builds the extension again without minification, into .output-bench/readable, once per run. */
export function buildReadableExtension(): Promise<string> {
  readable ??= (async () => {
    await buildExtension();
    // Another build than the benchmark's own is profiled as it is.
    if (EXTENSION_DIR !== OWN_EXTENSION_DIR) return EXTENSION_DIR;
    const outDir = resolve(READABLE_DIR, '..');
    process.env.WXT_OUT_DIR = outDir;
    try {
      await build({
        root: ROOT,
        browser: 'chrome',
        outDir,
        logger: quiet,
        vite: () => ({ build: { minify: false } }),
      });
    } finally {
      process.env.WXT_OUT_DIR = OUT_DIR;
    }
    return READABLE_DIR;
  })();
  return readable;
}

/** The Firefox build (MV2) without minification, beside the readable Chrome one. */
export const READABLE_FIREFOX_DIR = resolve(OUT_DIR, 'readable', 'firefox-mv2');
let readableFirefox: Promise<string> | undefined;

/**
 * Builds the extension for Firefox again without minification, into .output-bench/readable, once
 * per run: only for the Gecko profile that names Tweet Mender's functions (firefox-main-thread.ts),
 * never measured for cost. Another build than the benchmark's own (BENCH_FIREFOX_EXTENSION_DIR,
 * --broken-content-script) is profiled as it is.
 */
export function buildReadableFirefoxExtension(): Promise<string> {
  readableFirefox ??= (async () => {
    const measured = await buildFirefoxExtension();
    if (measured !== OWN_FIREFOX_DIR) return measured;
    const outDir = resolve(READABLE_FIREFOX_DIR, '..');
    process.env.WXT_OUT_DIR = outDir;
    try {
      await build({
        root: ROOT,
        browser: 'firefox',
        outDir,
        logger: quiet,
        vite: () => ({ build: { minify: false } }),
      });
    } finally {
      process.env.WXT_OUT_DIR = OUT_DIR;
    }
    return READABLE_FIREFOX_DIR;
  })();
  return readableFirefox;
}

/**
 * The floor any extension pays: a copy of the built extension with the same
 * manifest (permissions, content script matches and run_at, service worker,
 * pages, commands), in which every script the manifest runs is emptied and
 * the packaged archive left out. Derived from the build each run, so that it
 * keeps the real manifest's shape when that changes.
 */
function writeNoopExtension(
  from = EXTENSION_DIR === BROKEN_DIR ? OWN_EXTENSION_DIR : EXTENSION_DIR,
  to = NOOP_DIR,
): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  rmSync(join(to, 'archive'), { recursive: true, force: true });
  const manifest = readManifest(to);
  const empty = (rel: string, text: string) => writeFileSync(resolve(to, rel), text);
  // Chrome's service worker, or Firefox's (MV2) background scripts.
  if (manifest.background?.service_worker) empty(manifest.background.service_worker, '// no-op\n');
  for (const js of manifest.background?.scripts ?? []) empty(js, '// no-op\n');
  for (const script of manifest.content_scripts ?? []) {
    for (const js of script.js ?? []) empty(js, '// no-op\n');
    for (const css of script.css ?? []) empty(css, '');
  }
  for (const js of [...engineFiles(to), ...cardsFiles(to)]) empty(js, '// no-op\n');
}

/** Where the floor's content script counts what it observed, in its isolated world (never on the page). */
export const FLOOR_COUNTS = '__tweetMenderFloor';

/**
 * The floor of a content script that watches the page: the no-op extension, except that the
 * script the manifest declares observes the document as the engine's page watcher does (the
 * same MutationObserver options, src/content/page-watcher.ts OBSERVE), from the same moment
 * (document_idle), and does nothing with the records but count them. What Tweet Mender costs
 * above it is its own work; what the floor costs above the no-op is Blink making the mutation
 * records and calling the observer, which no extension watching the page can avoid
 * (docs/performance.md, "What is left, and the plan"). The counts live in a global of the
 * content script's isolated world, which the page cannot see and the benchmark reads over the
 * DevTools protocol (mutations-suite.ts): the proof that the floor ran.
 */
function writeFloorExtension(to = FLOOR_DIR): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(NOOP_DIR, to, { recursive: true });
  const script =
    `(() => {\n` +
    `  const counts = { records: 0, callbacks: 0 };\n` +
    `  globalThis.${FLOOR_COUNTS} = counts;\n` +
    `  new MutationObserver((records) => {\n` +
    `    counts.records += records.length;\n` +
    `    counts.callbacks++;\n` +
    `  }).observe(document, ${JSON.stringify(OBSERVE)});\n` +
    `})();\n`;
  const declared = declaredContentScripts(to);
  if (!declared.length) throw new Error('the build declares no content script: no floor to derive');
  for (const js of declared) writeFileSync(resolve(to, js), script);
}

export interface BenchPages {
  server: PageServer;
  /** tests/pages/demo-page.html, unchanged. */
  demo: string;
  /** ~100,000 elements, 500 embeds (see pages.ts). */
  heavy: string;
  /** An article with no embed and none of the first stage's hooks: the common case (see pages.ts). */
  plain: string;
  /** appends 10,000 elements in 100 batches when told to (window.__bench.start()). */
  feed: string;
  /** mutates constantly when told to (window.__bench.start(ms)). */
  churn: string;
  heavyStats: HeavyPageStats;
  plainStats: PlainPageStats;
  close(): Promise<void>;
}

let pages: Promise<BenchPages> | undefined;

/** A long article's size (the same in --quick: the page is small either way). */
const PLAIN_PAGE = { elements: 3000 };

/** Generates the bench pages into a temporary directory (never committed) and serves them. */
export function servePages(heavy: HeavyPageOptions): Promise<BenchPages> {
  pages ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tweet-mender-bench-pages-'));
    copyFileSync(join(PAGES_DIR, 'demo-page.html'), join(dir, 'demo-page.html'));
    const generated = heavyPage(heavy);
    writeFileSync(join(dir, 'heavy.html'), generated.html);
    const plain = plainPage(PLAIN_PAGE);
    writeFileSync(join(dir, 'plain.html'), plain.html);
    writeFileSync(join(dir, 'feed.html'), feedPage());
    writeFileSync(join(dir, 'churn.html'), churnPage());
    const server = await startPageServer(0, dir);
    return {
      server,
      demo: server.url('demo-page.html'),
      heavy: server.url('heavy.html'),
      plain: server.url('plain.html'),
      feed: server.url('feed.html'),
      churn: server.url('churn.html'),
      heavyStats: generated.stats,
      plainStats: plain.stats,
      close: async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  })();
  return pages;
}

/** Stops the shared page server (run.ts calls it once every suite is done). */
export async function closePages(): Promise<void> {
  if (pages) await (await pages).close();
  pages = undefined;
}
