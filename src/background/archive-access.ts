/**
 * Which archive answers whom. The packaged copy is public data: it answers
 * every page. The user's own archive is private: a page must not be able to
 * tell what it holds (docs/security.md, "Hostile page: the user's archive").
 * So a content script's lookup reads the packaged copy alone, and an embed it
 * cannot repair is answered "ask the user" (the same neutral card for every
 * such embed) while the user has an archive of their own. The user's archive
 * is read for a page only
 * - after the user activated that card (ask-user-archive: the content script
 *   sends it from a trusted click or key press, which only it can see), or
 * - on a site where the user chose "use my archive on this site", decided
 *   here from the sender's URL and the stored settings, never from anything
 *   the content script says about itself.
 * Even then, a URL the page names from another origin (its canonical link,
 * og:url) never matches the user's saved pages: any page can claim to be any
 * article. Extension pages (library, popup, reader) read both, as one.
 */
import { combineArchives } from '../archive/combined-archive';
import { matchEmbed } from '../archive/lookup';
import { ASK_THE_USER, type EmbedMatch, type EmbedQuery, type LookupAnswer, type PageQuery } from '../messages/lookup';
import type { ArchiveReader } from '../archive/packaged-archive';
import type { ArchivedArticle } from '../archive/schema';
import { usesUserArchiveOn, type Settings } from '../sites/stored-settings';
import { parseUrl } from '../util/parse-url';

export interface UserArchiveReader extends ArchiveReader {
  /** Whether the user has imported anything (the only thing a lookup asks of it). */
  hasRecords(): Promise<boolean>;
}

export interface ArchiveAccessOptions {
  packaged: ArchiveReader;
  user: UserArchiveReader;
  /** The stored settings, read at each request: the popup's choice applies to the next lookup. */
  readSettings: () => Promise<Pick<Settings, 'userArchiveRules'>>;
  onUserError?: (error: unknown) => void;
}

export interface ArchiveAccess {
  /** Both archives as one, for the extension's own pages. */
  forExtensionPages: ArchiveReader;
  /** A content script's lookup, for the page at senderUrl (the runtime's sender.url). */
  lookup(senderUrl: string, page: PageQuery, embeds: readonly EmbedQuery[]): Promise<LookupAnswer[]>;
  /** One embed, from both archives: the user activated its card. */
  askUser(senderUrl: string, page: PageQuery, embed: EmbedQuery): Promise<EmbedMatch | null>;
  /** An article for a card on the page at senderUrl; `activated`: the user activated that card. */
  getArticleForPage(senderUrl: string, articleId: string, activated: boolean): Promise<ArchivedArticle | null>;
}

export function createArchiveAccess(options: ArchiveAccessOptions): ArchiveAccess {
  const { packaged, user, readSettings, onUserError } = options;
  const forExtensionPages = combineArchives(user, packaged, onUserError);

  /** Both archives, as the page at senderUrl may match them: saved pages by the page's own origin only. */
  const forPage = (senderUrl: string): ArchiveReader => {
    const origin = originOf(senderUrl);
    const sameOrigin: ArchiveReader = {
      getTweet: (id) => user.getTweet(id),
      getArticle: (id) => user.getArticle(id),
      findText: (fingerprint) => user.findText(fingerprint),
      findArticlesByUrl: async (url) =>
        origin !== null && originOf(url) === origin ? user.findArticlesByUrl(url) : [],
    };
    return combineArchives(sameOrigin, packaged, onUserError);
  };

  const siteUsesUserArchive = async (senderUrl: string): Promise<boolean> => {
    try {
      return usesUserArchiveOn(await readSettings(), senderUrl);
    } catch {
      return false;
    }
  };

  return {
    forExtensionPages,

    async lookup(senderUrl, page, embeds) {
      if (await siteUsesUserArchive(senderUrl)) {
        const archive = forPage(senderUrl);
        return Promise.all(embeds.map((query) => matchEmbed(archive, page, query)));
      }
      const matches = await Promise.all(embeds.map((query) => matchEmbed(packaged, page, query)));
      // One answer for every embed the packaged copy cannot repair: whether the user has an
      // archive at all, never whether it holds this embed.
      if (matches.every((match) => match !== null)) return matches;
      const ask = await user.hasRecords().catch(() => false);
      return matches.map((match) => match ?? (ask ? ASK_THE_USER : null));
    },

    askUser: (senderUrl, page, embed) => matchEmbed(forPage(senderUrl), page, embed),

    async getArticleForPage(senderUrl, articleId, activated) {
      if (activated || (await siteUsesUserArchive(senderUrl))) return forPage(senderUrl).getArticle(articleId);
      return packaged.getArticle(articleId);
    },
  };
}

/** The origin of an http(s) URL; a local file is its own origin (file: URLs have an opaque one). */
function originOf(url: string): string | null {
  const parsed = parseUrl(url);
  if (parsed?.protocol === 'file:') return `file://${parsed.pathname}`;
  return parsed?.protocol === 'http:' || parsed?.protocol === 'https:' ? parsed.origin : null;
}
