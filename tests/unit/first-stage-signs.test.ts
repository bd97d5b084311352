/**
 * The first stage's signs (src/embeds/first-stage-signs.ts, each detector's `signs`) against real
 * markup: every embed the scanner finds in every fixture of tests/fixtures/embeds and every page of
 * the real-page corpus (tests/fixtures/corpus) is a sign, holds one, or sits in a frame the first
 * stage counts, so the first stage asks for the engine wherever the engine has something to find.
 * And the other way: an ordinary article (tests/pages/negative-article.html), which the scan's broad
 * hooks match (so the first stage of before brought the engine in), holds no sign, and neither do
 * its variants.
 *
 * The embeds are the scanner's own findings (what the engine would report), so this proves recall
 * for exactly what the engine finds; what is an embed at all is judged by the hand labels of
 * corpus.test.ts and embed-forms.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIRST_STAGE_SELECTOR } from '../../src/content/first-stage-selector';
import { holdsOwnFrame, mayHoldEmbed } from '../../src/content/first-stage';
import { firstStageSelector } from '../../src/embeds/first-stage-signs';
import { readFrameDocument } from '../../src/embeds/frames';
import { EMBED_KINDS } from '../../src/embeds/registry';
import { combinedSelector, scanForEmbeds, selectorParts } from '../../src/embeds/scan';
import type { FoundEmbed } from '../../src/embeds/types';
import { parsePage } from './helpers/parse-page';

const FIXTURES = 'tests/fixtures/embeds';
const CORPUS = 'tests/fixtures/corpus/pages';
/** The detectors' signs, joined (the string the first stage carries is checked against it in first-stage.test.ts). */
const SIGNS = firstStageSelector();
/** The origin the pages are read at: frames with a relative address are this page's own. */
const ORIGIN = new URL(globalThis.location.href).origin;

const pages = [
  ...readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.html'))
    .map((name) => `${FIXTURES}/${name}`),
  ...readdirSync(CORPUS)
    .filter((name) => name.endsWith('.html'))
    .map((name) => `${CORPUS}/${name}`),
].sort();

/** The frame element of the top document that shows `doc`, through frames in frames; null for the top document. */
function topFrameOf(doc: Document, top: Document): Element | null {
  for (const frame of top.querySelectorAll('iframe, frame')) {
    const inner = readFrameDocument(frame);
    if (!inner) continue;
    if (inner === doc || topFrameOf(doc, inner)) return frame;
  }
  return null;
}

/** Whether the first stage would see this embed: a sign at or in one of its elements, or its frame counted. */
function isSignalled(embed: FoundEmbed, top: Document): boolean {
  const doc = embed.source.ownerDocument;
  if (doc !== top) {
    const frame = topFrameOf(doc, top);
    return frame !== null && holdsOwnFrame(frame, ORIGIN);
  }
  return [embed.source, ...embed.nodes].some((el) => el.matches(SIGNS) || el.querySelector(SIGNS) !== null);
}

const describeEmbed = (embed: FoundEmbed) =>
  `${embed.kind} ${embed.tweet?.id ?? '(no id)'} <${embed.source.localName} class="${embed.source.getAttribute('class') ?? ''}">`;

describe('the first stage’s signs', () => {
  const kinds = new Set<string>();
  it.each(pages)('every embed the scanner finds in %s has a sign the first stage sees', (path) => {
    const doc = parsePage(readFileSync(path, 'utf8'));
    const found = scanForEmbeds(doc);
    for (const embed of found) kinds.add(embed.kind);
    expect(found.filter((embed) => !isSignalled(embed, doc)).map(describeEmbed)).toEqual([]);
    // And so the page's first look asks for the engine.
    if (found.length) expect(mayHoldEmbed(doc, FIRST_STAGE_SELECTOR, ORIGIN)).toBe(true);
  });

  it('looked at embeds of every form (the check above is not vacuous)', () => {
    // Filled by the tests above, which run first in this file.
    expect(EMBED_KINDS.filter((kind) => !kinds.has(kind))).toEqual([]);
  });

  it('never uses a hook nearly every page has', () => {
    const broad = ['iframe', 'blockquote', 'figure', '[data-url]', '.wp-block-embed', 'a[href*="/status"]'];
    expect(selectorParts(FIRST_STAGE_SELECTOR).filter((part) => broad.includes(part))).toEqual([]);
  });
});

describe('an ordinary article without a tweet', () => {
  const html = readFileSync('tests/pages/negative-article.html', 'utf8');
  const hooks = selectorParts(combinedSelector())
    .filter((hook) => hook !== 'script')
    .join(', ');

  it('matches the scan’s hooks, holds no embed, and brings no engine in', () => {
    const doc = parsePage(html);
    // What the first stage looked for before: the scan's hooks. They all match this page.
    for (const hook of ['figure', 'blockquote', 'iframe', '[data-url]', '.wp-block-embed']) {
      expect(doc.querySelector(hook), hook).not.toBeNull();
      expect(selectorParts(hooks)).toContain(hook);
    }
    expect(scanForEmbeds(doc)).toEqual([]);
    expect(mayHoldEmbed(doc, FIRST_STAGE_SELECTOR, ORIGIN)).toBe(false);
  });

  it.each([
    ['a frame of this origin', '<iframe src="/video/1"></iframe>', true],
    ['a srcdoc frame', '<iframe srcdoc="<p>hi</p>"></iframe>', true],
    ['a frame without an address', '<iframe></iframe>', true],
    ['an about:blank frame', '<iframe src="about:blank"></iframe>', true],
    ['a frame of another origin', '<iframe src="https://video.invalid/embed/2"></iframe>', false],
    ['a data: frame', '<iframe src="data:text/html,hi"></iframe>', false],
    ['a share button naming the article', '<div data-url="https://news.example/2026/12/other"></div>', false],
    [
      'a WordPress Vimeo block',
      '<figure class="wp-block-embed is-provider-vimeo wp-block-embed-vimeo"></figure>',
      false,
    ],
    ['a tweet’s status link', '<p><a href="https://twitter.com/someone/status/1234">a tweet</a></p>', true],
    ['a placeholder naming a tweet by URL', '<div data-url="https://x.com/someone/status/1234"></div>', true],
    [
      'a WordPress block x.com left unresolved',
      '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">https://x.com/a/status/1</div></figure>',
      true,
    ],
  ])('with %s added: asks for the engine = %s', (_what, added, asks) => {
    const doc = parsePage(html.replace('</article>', `${added}</article>`));
    expect(mayHoldEmbed(doc, FIRST_STAGE_SELECTOR, ORIGIN)).toBe(asks);
  });
});
