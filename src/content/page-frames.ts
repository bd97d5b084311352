/**
 * Where things are: the page and the same-origin frames the scans looked
 * into. An embed inside a frame is on the page only while the frame is and
 * still shows the document it was found in; the popup lists a frame's embeds
 * where the frame sits (docs/detection.md, "Frames").
 */
import { readFrameDocument } from '../embeds/frames';

export interface FrameInfo {
  frame: Element;
  /** One embed detector judged the frame as a whole: a change inside re-judges the frame element. */
  hosted: boolean;
}

export interface PageFrames {
  /** A scan looked into `doc`, shown by `frame`. */
  add(frame: Element, doc: Document, hosted: boolean): void;
  /** The frame element that shows a document a scan looked into. */
  infoOf(doc: Document): FrameInfo | undefined;
  /** The document a scan last looked into through a frame element. */
  lookedInto(frame: Element): Document | undefined;
  /** The frame elements around a node, innermost first (empty in the top document). */
  chainOf(node: Node): Element[];
  /** Connected, and in the page: in the top document, or in a frame that still shows this document. */
  isInPage(node: Node): boolean;
  /** Page order, frames included: a frame's embeds sit where the frame sits. */
  comparePosition(a: Element, b: Element): number;
}

export function createPageFrames(document: Document): PageFrames {
  /** Same-origin frame documents the scans looked into, with the element that holds each. */
  const frames = new WeakMap<Document, FrameInfo>();
  /** The documents the scans looked into, by the frame element that shows each. */
  const lookedInto = new WeakMap<Element, Document>();

  function frameChain(node: Node): Element[] {
    const chain: Element[] = [];
    for (let doc = node.ownerDocument; doc && doc !== document;) {
      const info = frames.get(doc);
      if (!info) break;
      chain.push(info.frame);
      doc = info.frame.ownerDocument;
    }
    return chain;
  }

  function isInPage(node: Node): boolean {
    if (!node.isConnected) return false;
    const doc = node.ownerDocument;
    if (!doc || doc === document) return true;
    const info = frames.get(doc);
    return !!info && readFrameDocument(info.frame) === doc && isInPage(info.frame);
  }

  function comparePosition(a: Element, b: Element): number {
    const pathA = [...frameChain(a).reverse(), a];
    const pathB = [...frameChain(b).reverse(), b];
    for (let i = 0; i < Math.min(pathA.length, pathB.length); i++) {
      const x = pathA[i] as Element;
      const y = pathB[i] as Element;
      if (x === y) continue;
      return x.compareDocumentPosition(y) & 4 /* FOLLOWING */ ? -1 : 1;
    }
    return pathA.length - pathB.length;
  }

  return {
    add(frame, doc, hosted) {
      frames.set(doc, { frame, hosted });
      lookedInto.set(frame, doc);
    },
    infoOf: (doc) => frames.get(doc),
    lookedInto: (frame) => lookedInto.get(frame),
    chainOf: frameChain,
    isInPage,
    comparePosition,
  };
}
