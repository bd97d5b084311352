/**
 * Cards an earlier copy of the content script left behind. Firefox cuts an
 * old copy off without notice when the extension is updated, reloaded or
 * disabled (its code simply stops), and injects the new version into the
 * tabs already open: the new copy finds the old cards here, before its first
 * scan, and gives the page its nodes back (docs/security.md, "Extension
 * update"). Chrome tells an old copy (mount-card.ts's callers stop it), so
 * there is nothing to find there.
 *
 * A leftover is recognised by the record inside its CLOSED shadow root,
 * which only an extension can read (Firefox gives content scripts
 * `Element.openOrClosedShadowRoot`), carrying the per-install marker: a page
 * cannot read that marker, so it cannot make us take an element of its own
 * for one of ours.
 */
import { RECORD_SELECTOR, type HiddenRecord } from './mount-card';

type ClosedRootReader = Element & { openOrClosedShadowRoot?: ShadowRoot | null };

/** Firefox only: whether this browser lets the content script read closed roots. */
export const canFindLeftovers = (doc: Document): boolean =>
  !!doc.documentElement && 'openOrClosedShadowRoot' in doc.documentElement;

/** Removes every card of ours in `doc` and shows what it hid as it was; returns how many. */
export function removeLeftoverCards(doc: Document, marker: string): number {
  if (!canFindLeftovers(doc)) return 0;
  let removed = 0;
  // A hidden node carries our inline declaration, and the card stands right before the first one.
  // (Looked up by that attribute: a page load with nothing of ours costs one query.)
  for (const hidden of doc.querySelectorAll('[style*="display: none !important"]')) {
    const host = hidden.previousElementSibling as ClosedRootReader | null;
    const record = host?.openOrClosedShadowRoot?.querySelector(RECORD_SELECTOR);
    if (!host || !record || record.getAttribute('data-owner') !== marker) continue;
    let restore: HiddenRecord[] = [];
    try {
      restore = JSON.parse(record.getAttribute('data-restore') ?? '[]') as HiddenRecord[];
    } catch {
      // Ours but unreadable: still remove the card; the nodes stay as they are.
    }
    let node: Element | null = hidden;
    for (const { before, after } of restore) {
      if (!node) break;
      // Only what still carries exactly what we wrote: anything the page changed since is the page's.
      if (node.getAttribute('style') === after) {
        if (before === null) node.removeAttribute('style');
        else node.setAttribute('style', before);
      }
      node = node.nextElementSibling;
    }
    host.remove();
    removed++;
  }
  return removed;
}
