/**
 * A site's own block in place of a tweet, found from its status link
 * (docs/embed-forms.md#site-fallback, docs/embed-forms.md#tombstone): which
 * elements around the link make up the block, and which wording it has
 * (docs/embed-forms.md#placeholder-wording).
 */
import { classifyPlaceholderText, mayBePlaceholderText, type PlaceholderWording } from './fallback-text';

/** Ancestors a placeholder block may span above its status link. */
const MAX_BLOCK_DEPTH = 4;
/** A placeholder is a small block: more elements than this is a section of the page. */
const MAX_BLOCK_ELEMENTS = 12;

/** A site's own block in place of a tweet, and what its wording says. */
export interface Placeholder {
  wording: PlaceholderWording;
  nodes: [Element, ...Element[]];
}

/**
 * A site-made placeholder found from its status link (docs/embed-forms.md#site-fallback): the largest
 * ancestor, a few levels up at most, whose whole text has one wording and that
 * stands on its own (no words beside it), plus sibling blocks with that wording
 * and no link of their own ("Loading Tweet ..." on a line of its own). "Not
 * loading" wording wins over "gone" when both would qualify. Classes are never
 * used: only the visible texts of these blocks are known from real pages.
 *
 * Each level's text is read and classified once for both wordings, and not at
 * all when the largest level names no tweet (mayBePlaceholderText): a status
 * link in running prose is the common case, and reading and classifying its
 * paragraph twice was a fifth of a full scan (docs/performance.md, "Detection").
 */
export function findPlaceholder(link: Element): Placeholder | null {
  const body = link.ownerDocument.body;
  const levels: Element[] = [];
  for (let el: Element | null = link; el && levels.length < MAX_BLOCK_DEPTH; el = el.parentElement) {
    if (el === body || el === el.ownerDocument.documentElement) break;
    if (el.getElementsByTagName('*').length > MAX_BLOCK_ELEMENTS) break;
    levels.push(el);
  }
  // Each level's text is part of the next one's: no marker word in the largest, none in any.
  const largest = levels[levels.length - 1];
  if (!largest || !mayBePlaceholderText(largest.textContent ?? '')) return null;
  const wordings = levels.map((el) => classifyPlaceholderText(readBlockText(el)));
  for (const wording of ['loading', 'unavailable'] as const) {
    const nodes = placeholderNodes(levels, wordings, wording);
    if (nodes) return { wording, nodes };
  }
  return null;
}

/** The block of one wording among the levels above a link (lowest first), with its loose sibling lines. */
function placeholderNodes(
  levels: readonly Element[],
  wordings: readonly (PlaceholderWording | null)[],
  wording: PlaceholderWording,
): [Element, ...Element[]] | null {
  let block: Element | null = null;
  for (let i = 0; i < levels.length; i++) {
    if (wordings[i] === wording) block = levels[i] as Element;
    else if (block) break;
  }
  // Words next to it in the same parent make it part of a sentence, however it reads alone.
  if (!block || hasTextBeside(block)) return null;
  const isLoose = (sibling: Element) =>
    !sibling.querySelector('a[href]') &&
    sibling.getElementsByTagName('*').length <= MAX_BLOCK_ELEMENTS &&
    classifyPlaceholderText(readBlockText(sibling)) === wording;
  const nodes: [Element, ...Element[]] = [block];
  for (let prev = block.previousElementSibling; prev && isLoose(prev); prev = prev.previousElementSibling) {
    nodes.unshift(prev);
  }
  for (let next = block.nextElementSibling; next && isLoose(next); next = next.nextElementSibling) nodes.push(next);
  return nodes;
}

function hasTextBeside(el: Element): boolean {
  for (const node of el.parentNode?.childNodes ?? []) {
    if (node !== el && node.nodeType === 3 && (node.textContent ?? '').trim()) return true;
  }
  return false;
}

/**
 * A block's text with its children's texts kept apart, as they show
 * ("loading tweet<br><a>https://…</a>" reads as two words, not "tweethttps").
 * Comments do not show: only elements and text count, as in textContent.
 */
function readBlockText(el: Element): string {
  let text = '';
  for (const child of el.childNodes) {
    const type = child.nodeType;
    if (type === 1 || type === 3 || type === 4) text += ` ${child.textContent ?? ''}`;
  }
  return text;
}
