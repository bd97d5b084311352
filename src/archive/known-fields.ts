/**
 * Records rebuilt from the schema's fields only (schema.ts), in the order
 * the importers write them. A file's JSON may carry keys the schema does not
 * know ("__proto__", "constructor", a megabyte of anything): none of them is
 * carried into the archive, the user's IndexedDB or the packaged copy, and
 * no object the file made is kept by reference (docs/security.md, "Hostile
 * file"). Call it on records already validated (validateTweet,
 * validateArticle) or made by an importer: it copies, it does not check.
 */
import type { ArchivedArticle, ArchivedEmbed, ArchivedTweet, Indices, Provenance, TweetMedia } from './schema';

const indices = (value: Indices): Indices => (value === null ? null : [value[0], value[1]]);

export function copyProvenance(p: Provenance): Provenance {
  const out: Provenance = {
    format: p.format,
    file: p.file,
    capturedAt: p.capturedAt,
    sourceUrl: p.sourceUrl,
    note: p.note,
  };
  if (p.pointer !== undefined) out.pointer = p.pointer;
  if (p.capturedAtRaw !== undefined) out.capturedAtRaw = p.capturedAtRaw;
  if (p.archiveUrl !== undefined) out.archiveUrl = p.archiveUrl;
  return out;
}

function copyMedia(m: TweetMedia): TweetMedia {
  return {
    kind: m.kind,
    id: m.id,
    tco: m.tco,
    remoteUrl: m.remoteUrl,
    file: m.file,
    width: m.width,
    height: m.height,
    altText: m.altText,
    durationMs: m.durationMs,
    variants: m.variants.map((v) => ({ url: v.url, contentType: v.contentType, bitrate: v.bitrate })),
  };
}

export function copyTweet(t: ArchivedTweet): ArchivedTweet {
  const author: ArchivedTweet['author'] = t.author && { handle: t.author.handle, name: t.author.name };
  if (author && t.author?.id !== undefined) author.id = t.author.id;
  return {
    v: 1,
    id: t.id,
    url: t.url,
    status: t.status,
    createdAt: t.createdAt,
    createdAtFrom: t.createdAtFrom,
    createdAtRaw: t.createdAtRaw,
    deletedAt: t.deletedAt,
    author,
    lang: t.lang,
    text: t.text,
    rawText: t.rawText,
    displayTextRange: indices(t.displayTextRange),
    truncated: t.truncated,
    entities: {
      urls: t.entities.urls.map((u) => ({
        tco: u.tco,
        expandedUrl: u.expandedUrl,
        displayUrl: u.displayUrl,
        indices: indices(u.indices),
      })),
      mentions: t.entities.mentions.map((m) => ({
        handle: m.handle,
        id: m.id,
        name: m.name,
        indices: indices(m.indices),
      })),
      hashtags: t.entities.hashtags.map((h) => ({ tag: h.tag, indices: indices(h.indices) })),
      symbols: t.entities.symbols.map((s) => ({ symbol: s.symbol, indices: indices(s.indices) })),
    },
    media: t.media.map(copyMedia),
    inReplyTo: t.inReplyTo && { id: t.inReplyTo.id, handle: t.inReplyTo.handle, userId: t.inReplyTo.userId },
    quoted: t.quoted && { id: t.quoted.id, url: t.quoted.url },
    retweetOf: t.retweetOf && { id: t.retweetOf.id, handle: t.retweetOf.handle },
    conversationRootId: t.conversationRootId,
    metrics: t.metrics && {
      likes: t.metrics.likes,
      retweets: t.metrics.retweets,
      replies: t.metrics.replies,
      capturedAt: t.metrics.capturedAt,
    },
    appearsIn: t.appearsIn.map((a) => ({ articleId: a.articleId, embedIndex: a.embedIndex })),
    sources: t.sources.map(copyProvenance),
  };
}

function copyEmbed(e: ArchivedEmbed): ArchivedEmbed {
  const out: ArchivedEmbed = { position: e.position, tweetId: e.tweetId, fallbackText: [...e.fallbackText] };
  if (e.kind !== undefined) out.kind = e.kind;
  return out;
}

export function copyArticle(a: ArchivedArticle): ArchivedArticle {
  return {
    v: 1,
    id: a.id,
    title: a.title,
    urls: [...a.urls],
    siteName: a.siteName,
    byline: a.byline,
    lang: a.lang,
    publishedAt: a.publishedAt,
    paragraphs: [...a.paragraphs],
    embeds: a.embeds.map(copyEmbed),
    ...(a.tweetLinks === undefined
      ? {}
      : { tweetLinks: a.tweetLinks.map((l) => ({ tweetId: l.tweetId, paragraph: l.paragraph })) }),
    sources: a.sources.map(copyProvenance),
  };
}
