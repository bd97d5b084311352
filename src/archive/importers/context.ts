import type { Readability } from '@mozilla/readability';

/** What importers need from their host, so that they run unchanged in node and in an extension page. */
export interface ImportContext {
  /**
   * Parses an HTML string into a Document that scripts never run in:
   * DOMParser in the browser, linkedom's parseHTML in node.
   */
  parseHtml(html: string): Document;
  /**
   * @mozilla/readability's class, for saved pages. Given by the host rather
   * than imported by the importer, so that the options page loads it (its own
   * chunk) only when a page is imported.
   */
  Readability: typeof Readability;
}
