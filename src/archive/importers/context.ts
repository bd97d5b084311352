/** What importers need from their host, so that they run unchanged in node and in an extension page. */
export interface ImportContext {
  /**
   * Parses an HTML string into a Document that scripts never run in:
   * DOMParser in the browser, linkedom's parseHTML in node.
   */
  parseHtml(html: string): Document;
}
