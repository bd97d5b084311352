/**
 * Makes a saved page load nothing, for the real-page corpus (tests/fixtures/corpus/README.md, "How the pages were
 * made offline"); `scripts/corpus/make-offline.ts` runs it on a file.
 *
 * The page is parsed by parse5 (the WHATWG algorithm browsers run, so the tree is the one a browser builds) and
 * written back with these changes only:
 * - every address a browser would load on its own moves to a `data-corpus-<name>` attribute, value unchanged:
 *   `src`, `srcset`, `poster`, `data`, `background` of loading elements, `href` and `imagesrcset` of `<link>`
 *   (but `rel=canonical`), `href` of SVG `image`/`use`, `<base href>`, a refresh `<meta>`'s `content`;
 * - scripts keep their element but lose their code (inline text) and their address (moved as above);
 * - inside `<noscript>` (text to a parser with scripting on) the same attributes are renamed in the text;
 * - a Content-Security-Policy `<meta>` allowing no source but inline styles and data: URLs goes first in `<head>`
 *   (after the charset declaration, which must stay in the first 1,024 bytes), then a comment naming the README.
 * Class names, other attributes, text and comments are the saved copy's; white space and quoting are parse5's.
 */
import { parse, serialize, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

export const CORPUS_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; media-src data:";

/** Attributes that make a browser load something, per element (any element: `background`). */
const LOADING: Record<string, string[]> = {
  img: ['src', 'srcset', 'lowsrc', 'longdesc'],
  source: ['src', 'srcset'],
  script: ['src'],
  iframe: ['src', 'srcdoc'],
  frame: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  track: ['src'],
  embed: ['src'],
  object: ['data', 'codebase'],
  input: ['src'],
  'amp-img': ['src', 'srcset'],
  'amp-anim': ['src', 'srcset'],
  image: ['href', 'xlink:href'],
  use: ['href', 'xlink:href'],
  base: ['href'],
};
const KEEP = /^(?:data:|#|about:blank$|javascript:)/i;

function move(el: Element, name: string): void {
  const attr = el.attrs.find((a) => (a.prefix ? `${a.prefix}:${a.name}` : a.name) === name);
  if (!attr || attr.value.trim() === '' || KEEP.test(attr.value.trim())) return;
  el.attrs = el.attrs.filter((a) => a !== attr);
  const plain = name.replace(':', '-');
  if (!el.attrs.some((a) => a.name === `data-corpus-${plain}`))
    el.attrs.push({ name: `data-corpus-${plain}`, value: attr.value });
}

const read = (el: Element, name: string) => el.attrs.find((a) => a.name === name)?.value;

function clean(node: Node): void {
  if (!('tagName' in node)) return;
  const el = node;
  for (const name of LOADING[el.tagName] ?? []) move(el, name);
  move(el, 'background');
  if (el.tagName === 'link' && !/\bcanonical\b/i.test(read(el, 'rel') ?? '')) {
    move(el, 'href');
    move(el, 'imagesrcset');
  }
  if (el.tagName === 'meta' && /^refresh$/i.test(read(el, 'http-equiv') ?? '')) move(el, 'content');
  if (el.tagName === 'script') el.childNodes = [];
  if (el.tagName === 'noscript') {
    for (const child of el.childNodes) {
      if (child.nodeName === '#text') {
        const text = child as DefaultTreeAdapterMap['textNode'];
        text.value = text.value.replace(
          /(<(?:img|source|script|iframe|video|audio|link|embed|input)\b[^>]*?\s)(src|srcset|href|poster)=/gi,
          (_m, head: string, name: string) => `${head}data-corpus-${name.toLowerCase()}=`,
        );
      }
    }
  }
  const children = el.tagName === 'template' ? (el as DefaultTreeAdapterMap['template']).content.childNodes : [];
  for (const child of [...el.childNodes, ...children]) clean(child);
}

function element(tagName: string, attrs: Record<string, string>, parent: Element): Element {
  return {
    nodeName: tagName,
    tagName,
    attrs: Object.entries(attrs).map(([name, value]) => ({ name, value })),
    namespaceURI: 'http://www.w3.org/1999/xhtml' as Element['namespaceURI'],
    childNodes: [],
    parentNode: parent,
    sourceCodeLocation: undefined,
  };
}

export function makeOffline(html: string): string {
  const doc = parse(html);
  for (const child of doc.childNodes) clean(child);
  const htmlEl = doc.childNodes.find((n): n is Element => 'tagName' in n && n.tagName === 'html');
  const head = htmlEl?.childNodes.find((n): n is Element => 'tagName' in n && n.tagName === 'head');
  if (!head) throw new Error('no <head>');
  const charset = head.childNodes.findIndex(
    (n) =>
      'tagName' in n &&
      n.tagName === 'meta' &&
      (read(n, 'charset') !== undefined || /^content-type$/i.test(read(n, 'http-equiv') ?? '')),
  );
  const policy = element('meta', { 'http-equiv': 'Content-Security-Policy', content: CORPUS_POLICY }, head);
  const note: DefaultTreeAdapterMap['commentNode'] = {
    nodeName: '#comment',
    data: ' Tweet Mender corpus page: made to load nothing, see tests/fixtures/corpus/README.md ',
    parentNode: head,
    sourceCodeLocation: undefined,
  };
  head.childNodes.splice(charset + 1, 0, policy, note);
  return serialize(doc);
}
