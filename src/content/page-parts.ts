import { compareInDocumentOrder } from '../embeds/document-order';

/**
 * Parts of the page to scan, as src/embeds/scan.ts scanForEmbeds takes them: a list per
 * document, in document order, none inside another.
 */

/**
 * The elements of `roots` not inside another of them, a list per document, each in document order.
 * `appended`: the roots are most likely in document order already (the changes of a feed that
 * appends); otherwise they are sorted outright (the surroundings of embeds whose grace periods end).
 */
export function partsByDocument(roots: ReadonlySet<Element>, appended = false): Element[][] {
  const byDocument = new Map<Document, Element[]>();
  for (const root of roots) {
    let covered = false;
    for (let up = root.parentElement; up && !covered; up = up.parentElement) covered = roots.has(up);
    if (covered) continue;
    const list = byDocument.get(root.ownerDocument) ?? [];
    list.push(root);
    byDocument.set(root.ownerDocument, list);
  }
  for (const list of byDocument.values()) {
    if (!appended) {
      list.sort(compareInDocumentOrder());
      continue;
    }
    // Usually in document order already (a feed appends): checking neighbours is cheap, sorting
    // siblings of a long feed is not (compareDocumentPosition walks the siblings between them).
    const follows = (a: Element, b: Element) => (a.compareDocumentPosition(b) & 4) /* FOLLOWING */ !== 0;
    if (!list.every((root, i) => i === 0 || follows(list[i - 1] as Element, root))) {
      list.sort((a, b) => (follows(a, b) ? -1 : 1));
    }
  }
  return [...byDocument.values()];
}
