/**
 * Size: the content script (the first stage loaded into every page, the engine it brings in, the
 * cards the engine brings in), the background, and the whole package; and a check that none of
 * the packaged archive's text found its way into the content script.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { firstStageSelector } from '../../src/embeds/first-stage-signs';
import { combinedSelector, selectorParts } from '../../src/embeds/scan';
import { check } from './lib/proof';
import { buildExtension, cardsFiles, declaredContentScripts, engineFiles, EXTENSION_DIR, NOOP_DIR } from './lib/setup';
import { single } from './lib/stats';
import type { Figure, SuiteResult } from './types';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((rel) => join(dir, rel))
    .filter((file) => statSync(file).isFile());
}

function packageBytes(dir: string): { files: number; zip: number } {
  const files = filesUnder(dir);
  const entries = Object.fromEntries(files.map((f) => [relative(dir, f), readFileSync(f)]));
  return {
    files: files.reduce((sum, f) => sum + statSync(f).size, 0),
    zip: zipSync(entries, { level: 9 }).length,
  };
}

/** Every string of the packaged archive long enough to be telling (text, titles, keys). */
function archiveStrings(archiveDir: string): string[] {
  const out = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === 'string') {
      // A slice from the middle: escaping of quotes or non-ASCII at the ends does not hide it.
      if (value.length >= 24) out.add(value.slice(4, 4 + 20));
    } else if (Array.isArray(value)) value.forEach((v) => visit(v));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        visit(v);
        if (k.length >= 12) out.add(k);
      }
    }
  };
  for (const file of filesUnder(archiveDir).filter((f) => f.endsWith('.json'))) {
    if (file.endsWith('manifest.json')) continue;
    visit(JSON.parse(readFileSync(file, 'utf8')));
  }
  return [...out].filter((s) => /[a-z0-9]{4}/i.test(s));
}

/** The cards' sources: what the cards' file holds and the engine must not (src/repair/card-renderers.ts). */
const CARD_SOURCES = [
  'src/repair/card.ts',
  'src/repair/neutral-card.ts',
  'src/reader/render-article.ts',
  ...readdirSync(join(import.meta.dirname, '../../src/tweet-view'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `src/tweet-view/${f}`),
];

/** The message keys the cards' sources show (`t('key'…)`): minification keeps them as they are. */
function cardMessageKeys(): string[] {
  const keys = new Set<string>();
  for (const file of CARD_SOURCES) {
    const source = readFileSync(join(import.meta.dirname, '../..', file), 'utf8');
    for (const [, key] of source.matchAll(/\bt\('([A-Za-z]+)'/g)) keys.add(key!);
  }
  return [...keys];
}

/** A budget of the size figures: its wording and its bound in bytes. */
interface SizeBudget {
  text: string;
  maxValue: number;
}

const gzipped = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;

/** The minified and gzipped figures of one part of the content script, each against the no-op's same part. */
function sizeFigures(
  part: { minifiedName: string; gzippedName: string; gzippedNote?: string },
  bytes: Buffer,
  noopBytes: Buffer,
  budgets: { minified: SizeBudget; gzipped: SizeBudget },
): Figure[] {
  const baseline = { name: 'no-op content script' };
  return [
    single({
      name: part.minifiedName,
      unit: 'bytes',
      value: bytes.length,
      baseline: { ...baseline, value: noopBytes.length },
      goal: budgets.minified,
    }),
    single({
      name: part.gzippedName,
      unit: 'bytes',
      value: gzipped(bytes),
      baseline: { ...baseline, value: gzipped(noopBytes) },
      goal: budgets.gzipped,
      ...(part.gzippedNote ? { note: part.gzippedNote } : {}),
    }),
  ];
}

export default async function sizeSuite(): Promise<SuiteResult> {
  await buildExtension();
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    background?: { service_worker?: string };
    content_scripts?: { js?: string[] }[];
  };
  // The first stage runs on every page; the engine only where the first stage found a hook
  // (docs/performance.md#two-stages). Both are the content script: the archive is in neither.
  const firstFiles = declaredContentScripts(EXTENSION_DIR);
  const engine = engineFiles(EXTENSION_DIR);
  // The cards, which the engine has injected when its first card is about to be mounted (docs/performance.md#two-stages).
  const cardFiles = cardsFiles(EXTENSION_DIR);
  const contentFiles = [...firstFiles, ...engine, ...cardFiles];
  const read = (dir: string, files: string[]) => Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
  const first = read(EXTENSION_DIR, firstFiles);
  const noopFirst = read(NOOP_DIR, firstFiles);
  const content = read(EXTENSION_DIR, engine.length ? engine : firstFiles);
  const noopContent = read(NOOP_DIR, engine.length ? engine : firstFiles);
  const firstText = first.toString('utf8');
  const cards = read(EXTENSION_DIR, cardFiles);
  const noopCards = read(NOOP_DIR, cardFiles);
  const cardsText = cards.toString('utf8');
  const background = manifest.background?.service_worker
    ? readFileSync(join(EXTENSION_DIR, manifest.background.service_worker))
    : Buffer.alloc(0);
  const whole = packageBytes(EXTENSION_DIR);
  const noop = packageBytes(NOOP_DIR);
  const archive = packageBytes(join(EXTENSION_DIR, 'archive'));
  const needles = archiveStrings(join(EXTENSION_DIR, 'archive'));
  const text = content.toString('utf8');
  const leaked = needles.filter((n) => text.includes(n) || firstText.includes(n) || cardsText.includes(n));
  // What the figures are about. The content script measured is the scanner: each hook of its one query is in it.
  const hooks = selectorParts(combinedSelector());
  const missing = hooks.filter((hook) => !text.includes(hook) && !text.includes(hook.replaceAll('"', '\\"')));
  check(
    contentFiles.length > 0 && missing.length === 0,
    `size: the content script is not the scanner (no ${missing[0]})`,
  );
  // The first stage looks for every detector's signs itself.
  const firstMissing = engine.length
    ? selectorParts(firstStageSelector()).filter(
        (hook) => !firstText.includes(hook.replaceAll('"', '\\"')) && !firstText.includes(hook),
      )
    : [];
  check(firstMissing.length === 0, `size: the first stage does not look for ${firstMissing[0]}`);
  // The cards' file is the cards (each message key their sources show is in it), and the engine
  // measured does not carry them as well (none of those keys is in it): else the engine's figures
  // would be about a build where the split came undone.
  const cardKeys = cardMessageKeys();
  check(cardKeys.length > 0, 'size: no message keys found in the cards’ sources');
  if (cardFiles.length) {
    const notInCards = cardKeys.filter((key) => !cardsText.includes(key));
    check(notInCards.length === 0, `size: the cards' file is not the cards (no ${notInCards[0]})`);
    const inEngine = cardKeys.filter((key) => text.includes(key));
    check(inEngine.length === 0, `size: the engine carries the cards too (${inEngine.slice(0, 3).join(', ')})`);
  }
  check(content.length > noopContent.length, 'size: the content script is no bigger than the no-op one');
  // The leak search can find something: there are strings to look for, and each is in the archive's files.
  check(needles.length > 0, 'size: no archive strings to look for (an empty archive?)');
  const archiveText = filesUnder(join(EXTENSION_DIR, 'archive'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const notInArchive = needles.filter((n) => !archiveText.includes(n));
  check(notInArchive.length === 0, `size: ${notInArchive.length} strings looked for are not in the archive's files`);
  // Neither stage carries WXT's webextension-polyfill: both use the browser's own API object
  // (src/messages/web-extension.ts). The polyfill's own error text, as minified builds keep it; the
  // search can find it: the background, which does use the polyfill, holds it.
  const POLYFILL_MARK = 'This script should only be loaded in a browser extension';
  const polyfill = readFileSync(
    join(import.meta.dirname, '../../node_modules/webextension-polyfill/dist/browser-polyfill.min.js'),
  );
  check(
    polyfill.includes(POLYFILL_MARK) && background.includes(POLYFILL_MARK),
    'size: the polyfill search cannot find the polyfill (its text changed?)',
  );
  const withPolyfill = [
    ...(text.includes(POLYFILL_MARK) ? [engine.length ? engine.join(', ') : firstFiles.join(', ')] : []),
    ...(engine.length && firstText.includes(POLYFILL_MARK) ? [firstFiles.join(', ')] : []),
    ...(cardsText.includes(POLYFILL_MARK) ? [cardFiles.join(', ')] : []),
  ];

  const firstStage: Figure[] = engine.length
    ? sizeFigures(
        {
          minifiedName: `content script, first stage (${firstFiles.join(', ')}, on every page), minified`,
          gzippedName: 'content script, first stage, gzipped',
        },
        first,
        noopFirst,
        {
          minified: { text: 'tiny: ≤ 8 KiB (budget)', maxValue: 8 * 1024 },
          gzipped: { text: 'tiny: ≤ 4 KiB (issue 12)', maxValue: 4 * 1024 },
        },
      )
    : [];
  const cardFigures: Figure[] = cardFiles.length
    ? sizeFigures(
        {
          minifiedName: `content script, cards (${cardFiles.join(', ')}, injected when the engine mounts its first card), minified`,
          gzippedName: 'content script, cards, gzipped',
          gzippedNote:
            `on a page with a card, engine and cards together ${(gzipped(content) + gzipped(cards)).toLocaleString('en-US')} ` +
            `bytes gzipped (${cardKeys.length} message keys of the cards' sources found in it, none in the engine)`,
        },
        cards,
        noopCards,
        {
          minified: { text: 'small: ≤ 16 KiB (budget)', maxValue: 16 * 1024 },
          gzipped: { text: 'small: ≤ 6 KiB (budget)', maxValue: 6 * 1024 },
        },
      )
    : [];
  const engineName = engine.length
    ? `content script, engine (${engine.join(', ')}, injected where the first stage finds a hook)`
    : `content script (${firstFiles.join(', ')})`;
  const figures: Figure[] = [
    ...firstStage,
    ...sizeFigures(
      {
        minifiedName: `${engineName}, minified`,
        gzippedName: `content script${engine.length ? ', engine' : ''}, gzipped`,
      },
      content,
      noopContent,
      {
        minified: { text: 'small: ≤ 64 KiB (budget)', maxValue: 64 * 1024 },
        gzipped: { text: 'small: ≤ 20 KiB (budget)', maxValue: 20 * 1024 },
      },
    ),
    ...cardFigures,
    single({
      name: 'content script files holding webextension-polyfill',
      unit: 'count',
      value: withPolyfill.length,
      goal: { text: '0: the browser’s own API object', maxValue: 0 },
      note:
        `the polyfill (${polyfill.length.toLocaleString('en-US')} bytes minified) found by its error text, ` +
        `which the background holds${withPolyfill.length ? `; found in ${withPolyfill.join(' and ')}` : ''}`,
    }),
    single({
      name: 'packaged archive strings found in the content script',
      unit: 'count',
      value: leaked.length,
      goal: { text: '0: the archive is never in it', maxValue: 0 },
      note:
        `${needles.length} archive strings (text slices, titles, keys) looked for, each found in the archive's own ` +
        `files${leaked.length ? `; found in the content script: ${leaked.slice(0, 3).join(' | ')}` : ''}`,
    }),
    single({
      name: `background (${manifest.background?.service_worker ?? 'none'}), minified`,
      unit: 'bytes',
      value: background.length,
      note: `gzipped ${gzipped(background).toLocaleString('en-US')} bytes`,
    }),
    single({
      name: 'whole package (sum of files)',
      unit: 'bytes',
      value: whole.files,
      baseline: { name: 'no-op package', value: noop.files },
      note: `of which the packaged archive ${archive.files.toLocaleString('en-US')} bytes`,
    }),
    single({
      name: 'whole package (zip, deflate level 9)',
      unit: 'bytes',
      value: whole.zip,
      baseline: { name: 'no-op package', value: noop.zip },
    }),
  ];
  return {
    suite: 'size',
    title: 'Size',
    method:
      'The production build for Chrome (`wxt build`, minified by Vite) in .output-bench/chrome-mv3, against the ' +
      'no-op extension (the same files with every script emptied and the archive left out). The content script is ' +
      'in two stages (docs/performance.md#two-stages): the first stage the manifest declares, on every page, and ' +
      'the engine the background injects where the first stage finds a hook; the engine has the cards’ file ' +
      'injected when its first card is about to be mounted (docs/performance.md#two-stages). Gzip and zip at ' +
      'level 9 with Node’s zlib and fflate. The archive check looks for every string of the packaged archive (a ' +
      '20-character slice of each text and title, and each key of 12+ characters) in all three files; the run ' +
      'fails if there is no ' +
      'string to look for, or one is not in the archive’s files (a search that cannot find anything), or if the ' +
      'engine does not hold every hook of the scanner’s query (src/embeds/scan.ts: it would not be the scanner ' +
      'that is measured), or the first stage every detector’s sign (src/embeds/first-stage-signs.ts), or the ' +
      "cards’ file every message key the cards’ sources show (`t('…')` in src/repair/card.ts, " +
      'neutral-card.ts, src/reader/render-article.ts, src/tweet-view/), or the engine any of them. The ' +
      'polyfill check looks for ' +
      'webextension-polyfill’s own error text in all three, and fails if the background (which uses the ' +
      'polyfill) does not hold it. The first stage’s 4 KiB gzipped is ' +
      'issue 12’s goal; the other budgets are this benchmark’s.',
    figures,
  };
}
