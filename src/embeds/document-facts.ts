/**
 * Facts about a whole document that several detectors ask for during a scan,
 * worked out once: today, whether the page carries widgets.js in any form
 * (docs/embed-forms.md#broken).
 */
import type { DocumentFacts } from './types';

/**
 * widgets.js in any form a page carries it: a plain script, delayed-script
 * plugins that park the URL in a data attribute (WP Rocket, lazy loaders,
 * consent managers), or the classic inline loader once it has run.
 */
export const WIDGETS_SCRIPT = [
  'script[src*="widgets.js"]',
  'script[data-src*="widgets.js"]',
  'script[data-rocket-src*="widgets.js"]',
  'script[data-lazy-src*="widgets.js"]',
  'script#twitter-wjs',
].join(', ');

/**
 * Page-wide facts, each worked out at most once per document while the facts
 * object lasts (a scan, or the content script's life), and learnt from the
 * scripts scans come across. `known` answers for one document from what a
 * scan already found (its query holds the scripts).
 *
 * Whether a page has widgets.js only ever turns true: a script that ran stays
 * run. A script added later is seen by the scan of the part of the page it
 * came in with; one whose src is set after it was added is not.
 */
export function createDocumentFacts(known?: {
  document: Document;
  hasWidgetsScript: boolean | (() => boolean);
}): DocumentFacts {
  const scripts = new WeakMap<Document, boolean>();
  return {
    hasWidgetsScript(document) {
      let value = scripts.get(document);
      if (value === undefined) {
        const given = known?.document === document ? known.hasWidgetsScript : undefined;
        value = given === undefined ? findWidgetsScript(document) : typeof given === 'function' ? given() : given;
        scripts.set(document, value);
      }
      return value;
    },
    noteScripts(document, seen, all) {
      if (scripts.get(document)) return;
      if (seen.some((script) => script.matches(WIDGETS_SCRIPT))) scripts.set(document, true);
      else if (all) scripts.set(document, false);
    },
  };
}

/**
 * Whether any script of the document is widgets.js. The scripts, then a match
 * each: one pass with a single tag (Blink's fast path), where
 * querySelector(WIDGETS_SCRIPT) matches five selectors on every element.
 */
function findWidgetsScript(document: Document): boolean {
  for (const script of document.getElementsByTagName('script')) if (script.matches(WIDGETS_SCRIPT)) return true;
  return false;
}
