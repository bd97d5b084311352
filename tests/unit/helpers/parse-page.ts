import { parse as parseHtml, type DefaultTreeAdapterMap } from 'parse5';
import { vi } from 'vitest';

/**
 * A page as a browser's parser builds it. happy-dom's own parser can lose the rest of a page at an
 * SVG `<title>` (seen on a saved news page: it kept 114 of 418 elements), where Chromium and Firefox go on, so
 * the page is parsed by parse5 (the WHATWG parsing algorithm, as browsers run it) and the tree
 * built into a happy-dom document with DOM calls, for the detectors to read as in a browser.
 */
export function parsePage(html: string): Document {
  // happy-dom says on stderr that it will not load the pages' cross-origin frames: expected, not worth printing.
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const doc = new DOMParser().parseFromString('<!doctype html><html></html>', 'text/html');
    doc.documentElement.remove();
    build(parseHtml(html), doc, doc);
    return doc;
  } finally {
    quiet.mockRestore();
  }
}

type TreeNode = DefaultTreeAdapterMap['node'];

function build(from: { childNodes?: TreeNode[] }, into: Node, doc: Document): void {
  for (const node of from.childNodes ?? []) {
    if (node.nodeName === '#text')
      into.appendChild(doc.createTextNode((node as DefaultTreeAdapterMap['textNode']).value));
    else if (node.nodeName === '#comment')
      into.appendChild(doc.createComment((node as DefaultTreeAdapterMap['commentNode']).data));
    else if ('tagName' in node) {
      const el = doc.createElementNS(node.namespaceURI, node.tagName);
      for (const attr of node.attrs) {
        try {
          if (attr.namespace)
            el.setAttributeNS(attr.namespace, attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name, attr.value);
          else el.setAttribute(attr.name, attr.value);
        } catch {
          // A name the DOM does not accept (a stray quote in the saved markup): the browser keeps it, nothing reads it.
        }
      }
      const template = node.tagName === 'template' && 'content' in node;
      build(
        template ? (node as DefaultTreeAdapterMap['template']).content : node,
        template ? (el as HTMLTemplateElement).content : el,
        doc,
      );
      into.appendChild(el);
    }
  }
}
