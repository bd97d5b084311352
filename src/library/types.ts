/**
 * The library: everything archived (the packaged copy and the user's own
 * archive), browsed and searched offline. These are the shapes the reader
 * page receives from the background.
 */

export interface LibraryQuery {
  /** Words to find (all of them, anywhere in the text; the last one may be a prefix). Empty: browse everything. */
  query: string;
  offset: number;
  limit: number;
}

export interface LibraryItem {
  kind: 'article' | 'tweet';
  id: string;
  /** An article's title, or a tweet's author line ("Name (@handle)"). */
  title: string;
  /** The text around the first match, or the opening text when browsing. */
  snippet: string;
  siteName: string | null;
  /** ISO 8601: an article's publication or capture date, a tweet's creation date. */
  date: string | null;
  /** Where the entry comes from: shipped with the extension, or imported by the user. */
  source: 'packaged' | 'user';
}

export interface LibraryPage {
  /** How many entries match (or exist, when browsing). */
  total: number;
  items: LibraryItem[];
}
