/**
 * Text out of HTML as a reader sees it, for saved pages, embed blockquotes
 * and Thread Reader App pages. The DOM has already decoded entities once; nothing here
 * decodes again.
 */

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/**
 * The text of an element with <br> as a line break and everything else as
 * written: tweet text keeps its spacing exactly (a double space stays double).
 */
export function verbatimText(node: Node): string {
  let out = '';
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === TEXT_NODE) out += child.nodeValue ?? '';
    else if (child.nodeType === ELEMENT_NODE) {
      const tag = (child as Element).tagName.toLowerCase();
      if (tag === 'br') out += '\n';
      else if (tag !== 'script' && tag !== 'style' && tag !== 'template') out += verbatimText(child);
    }
  }
  return out;
}

/** HTML whitespace (not the no-break space, which the author meant). */
export const HTML_SPACE = /[ \t\n\r\f]+/g;
