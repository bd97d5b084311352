/**
 * The normalised records every sample in tests/fixtures/formats/ must give,
 * written by hand from the samples themselves (and docs/data-formats.md), field
 * by field: what the source says, nothing the code under test computed.
 * Times decoded from ids (docs/data-formats.md#time-from-the-id) were worked out separately from
 * (id >> 22) + 1288834974657 and are marked "snowflake".
 *
 * File paths are those the samples get in a sources folder after
 * `tweet-mender archive import` (the kind's folder + the file name), so the
 * same records serve the importer tests and the test-only archive.
 */
import type { ArchivedArticle, ArchivedTweet, Provenance, TweetMedia } from '../../../src/archive/schema';

export const FORMATS_DIR = 'tests/fixtures/formats';

/** The export's manifest.js archiveInfo.generationDate: when the export was made. */
const GENERATED = '2023-07-02T07:32:42.052Z';
const DATA = 'x-archive/x-archive/data';
const OWNER = { handle: 'darkliquid', name: 'darkliquid', id: '15942882' };
const NO_ENTITIES = { urls: [], mentions: [], hashtags: [], symbols: [] };

/** A tweet with every field the source does not state left empty; each record below states the rest. */
function tweet(
  id: string,
  handle: string | null,
  fields: Partial<ArchivedTweet> & { sources: Provenance[] },
): ArchivedTweet {
  return {
    v: 1,
    id,
    url: handle ? `https://x.com/${handle}/status/${id}` : `https://x.com/i/web/status/${id}`,
    status: 'unknown',
    createdAt: null,
    createdAtFrom: null,
    createdAtRaw: null,
    deletedAt: null,
    author: null,
    lang: null,
    text: null,
    rawText: null,
    displayTextRange: null,
    truncated: false,
    entities: NO_ENTITIES,
    media: [],
    inReplyTo: null,
    quoted: null,
    retweetOf: null,
    conversationRootId: null,
    metrics: null,
    appearsIn: [],
    ...fields,
  };
}

const medium = (fields: Partial<TweetMedia>): TweetMedia => ({
  kind: 'unknown',
  id: null,
  tco: null,
  remoteUrl: null,
  file: null,
  width: null,
  height: null,
  altText: null,
  durationMs: null,
  variants: [],
  ...fields,
});

const exportSource = (file: string, pointer: string, note: string): Provenance => ({
  format: 'x-archive',
  file: `${DATA}/${file}`,
  capturedAt: GENERATED,
  sourceUrl: null,
  note,
  pointer,
});
const OWN = "the account owner's tweet";
const exportMetrics = (likes: number, retweets: number) => ({ likes, retweets, replies: null, capturedAt: GENERATED });

// ---------------------------------------------------------------- X export (docs/data-formats.md#x-account-export)

/** data/tweets.js, tweets-part1.js, deleted-tweets.js, deleted-tweet-headers.js and like.js, one record per item. */
export const EXPORT_TWEETS: ArchivedTweet[] = [
  tweet('1561850194110595073', 'darkliquid', {
    status: 'available',
    createdAt: '2022-08-22T22:57:58.000Z',
    createdAtFrom: 'source',
    createdAtRaw: 'Mon Aug 22 22:57:58 +0000 2022',
    author: OWNER,
    lang: 'en',
    text: 'In roughly 14 hours I will be a married man!',
    rawText: 'In roughly 14 hours I will be a married man!',
    displayTextRange: [0, 44],
    metrics: exportMetrics(13, 0),
    sources: [exportSource('tweets.js', '[0].tweet', OWN)],
  }),
  tweet('1609828443029491714', 'darkliquid', {
    status: 'available',
    createdAt: '2023-01-02T08:26:24.000Z',
    createdAtFrom: 'source',
    createdAtRaw: 'Mon Jan 02 08:26:24 +0000 2023',
    author: OWNER,
    lang: 'en',
    // The t.co link is replaced by its expanded_url; the hashtags stay as written.
    text: "For anyone that cares, I'm pretty much posting exclusively on http://dice.camp/@darkliquid now. Currently my #dungeon23 / #City23 / #setting23 / #finishit23 project Emberheart is what I'm posting about. It's a ttrpg setting set in a city built around the fading heart of a dead god.",
    rawText:
      "For anyone that cares, I'm pretty much posting exclusively on https://t.co/UeQo1oR1hd now. Currently my #dungeon23 / #City23 / #setting23 / #finishit23 project Emberheart is what I'm posting about. It's a ttrpg setting set in a city built around the fading heart of a dead god.",
    displayTextRange: [0, 277],
    entities: {
      urls: [
        {
          tco: 'https://t.co/UeQo1oR1hd',
          expandedUrl: 'http://dice.camp/@darkliquid',
          displayUrl: 'dice.camp/@darkliquid',
          indices: [62, 85],
        },
      ],
      mentions: [],
      hashtags: [
        { tag: 'dungeon23', indices: [104, 114] },
        { tag: 'City23', indices: [117, 124] },
        { tag: 'setting23', indices: [127, 137] },
        { tag: 'finishit23', indices: [140, 151] },
      ],
      symbols: [],
    },
    metrics: exportMetrics(6, 1),
    sources: [exportSource('tweets.js', '[1].tweet', OWN)],
  }),
  tweet('1607434750175715329', 'darkliquid', {
    status: 'available',
    createdAt: '2022-12-26T17:54:43.000Z',
    createdAtFrom: 'source',
    createdAtRaw: 'Mon Dec 26 17:54:43 +0000 2022',
    author: OWNER,
    lang: 'en',
    // &amp; decoded once (docs/data-formats.md#escaped-text); the export's range starts at 0, so the reply's @mention stays.
    text: '@SEGA Sonic 3 & Knuckles',
    rawText: '@SEGA Sonic 3 &amp; Knuckles',
    displayTextRange: [0, 28],
    entities: { ...NO_ENTITIES, mentions: [{ handle: 'SEGA', id: '17092592', name: 'SEGA', indices: [0, 5] }] },
    inReplyTo: { id: '1607421043991248898', handle: 'SEGA', userId: '17092592' },
    metrics: exportMetrics(0, 0),
    sources: [exportSource('tweets.js', '[2].tweet', OWN)],
  }),
  tweet('1584110055259279360', 'darkliquid', {
    status: 'available',
    createdAt: '2022-10-23T09:10:43.000Z',
    createdAtFrom: 'source',
    createdAtRaw: 'Sun Oct 23 09:10:43 +0000 2022',
    author: OWNER,
    lang: 'en',
    // No URL entity for this t.co link: it stays as written.
    text: "RT @boondaburrah: @bengl3rt @Kanaratron @jf ah, I see someone has discovered @foone's https://t.co/rYezv5wzUB",
    rawText:
      "RT @boondaburrah: @bengl3rt @Kanaratron @jf ah, I see someone has discovered @foone's https://t.co/rYezv5wzUB",
    displayTextRange: [0, 109],
    entities: {
      ...NO_ENTITIES,
      mentions: [{ handle: 'boondaburrah', id: '30144512', name: 'LukÄç.jpg.exe', indices: [3, 16] }],
    },
    retweetOf: { id: null, handle: 'boondaburrah' },
    metrics: exportMetrics(0, 0),
    sources: [exportSource('tweets.js', '[3].tweet', OWN)],
  }),
  tweet('1541752634348019715', 'darkliquid', {
    status: 'available',
    createdAt: '2022-06-28T11:57:27.000Z',
    createdAtFrom: 'source',
    createdAtRaw: 'Tue Jun 28 11:57:27 +0000 2022',
    author: OWNER,
    lang: 'en',
    // display_text_range [0,41] includes the media link [18,41] (docs/data-formats.md#tco-links): the text ends where the photo starts.
    text: '@symatt Monocycle',
    rawText: '@symatt Monocycle https://t.co/6BTGYGVxJJ',
    displayTextRange: [0, 41],
    entities: { ...NO_ENTITIES, mentions: [{ handle: 'symatt', id: '41551140', name: 'Symatt™', indices: [0, 7] }] },
    media: [
      medium({
        kind: 'photo',
        id: '1541752552856887298',
        tco: 'https://t.co/6BTGYGVxJJ',
        remoteUrl: 'https://pbs.twimg.com/media/FWVnxzyWIAIEZU3.png',
        // tweets_media/<tweet id>-<basename of media_url>
        file: `${DATA}/tweets_media/1541752634348019715-FWVnxzyWIAIEZU3.png`,
        width: 640,
        height: 480,
      }),
    ],
    inReplyTo: { id: '1541735125469339650', handle: 'symatt', userId: '41551140' },
    metrics: exportMetrics(3, 0),
    sources: [exportSource('tweets.js', '[4].tweet', OWN)],
  }),
  tweet('1444613894736130055', 'darkliquid', {
    status: 'available',
    createdAt: '2021-10-03T10:42:46.000Z',
    createdAtFrom: 'source',
    createdAtRaw: 'Sun Oct 03 10:42:46 +0000 2021',
    author: OWNER,
    lang: 'en',
    text: 'RT @secretattic2020: The Monthly Short Story contest for October is now open...\n\nhttps://www.secret-attic.co.uk/p/short-story-contest.html',
    rawText:
      'RT @secretattic2020: The Monthly Short Story contest for October is now open...\n\nhttps://t.co/Dn5fStuX9f https://t.co/Mkq93EVirc',
    displayTextRange: [0, 128],
    entities: {
      urls: [
        {
          tco: 'https://t.co/Dn5fStuX9f',
          expandedUrl: 'https://www.secret-attic.co.uk/p/short-story-contest.html',
          displayUrl: 'secret-attic.co.uk/p/short-story-…',
          indices: [81, 104],
        },
      ],
      mentions: [{ handle: 'secretattic2020', id: '1627395997688074241', name: 'Secret Attic', indices: [3, 19] }],
      hashtags: [],
      symbols: [],
    },
    media: [
      medium({
        kind: 'animated_gif',
        id: '1443876124916961280',
        tco: 'https://t.co/Mkq93EVirc',
        remoteUrl: 'https://pbs.twimg.com/tweet_video_thumb/FAmtr4VX0AAeJyJ.jpg',
        // The sample export has no tweets_media file for it: none is claimed.
        file: null,
        width: 480,
        height: 322,
        variants: [
          { url: 'https://video.twimg.com/tweet_video/FAmtr4VX0AAeJyJ.mp4', contentType: 'video/mp4', bitrate: 0 },
        ],
      }),
    ],
    // The retweet's media name the original (source_status_id_str).
    retweetOf: { id: '1443876132160524310', handle: 'secretattic2020' },
    metrics: exportMetrics(0, 0),
    sources: [exportSource('tweets-part1.js', '[0].tweet', OWN)],
  }),
  tweet('1292062131647635456', 'darkliquid', {
    status: 'available',
    createdAt: '2020-08-08T11:36:32.000Z',
    createdAtFrom: 'source',
    createdAtRaw: 'Sat Aug 08 11:36:32 +0000 2020',
    author: OWNER,
    lang: 'en',
    text: 'RT @SimpsonsOps: Every ops team trying to "do agile"',
    rawText: 'RT @SimpsonsOps: Every ops team trying to "do agile" https://t.co/q2usg7ygsh',
    displayTextRange: [0, 76],
    entities: {
      ...NO_ENTITIES,
      mentions: [
        { handle: 'SimpsonsOps', id: '1279015319701315584', name: 'Simpsons Against DevOps', indices: [3, 15] },
      ],
    },
    media: [
      medium({
        kind: 'video',
        id: '1291923825303490562',
        tco: 'https://t.co/q2usg7ygsh',
        remoteUrl: 'https://pbs.twimg.com/ext_tw_video_thumb/1291923825303490562/pu/img/6e65Wacwl9cB1IDW.jpg',
        width: 986,
        height: 740,
        durationMs: 24800,
        variants: [
          {
            url: 'https://video.twimg.com/ext_tw_video/1291923825303490562/pu/vid/478x360/5Ru_huxGQzpgBf6E.mp4?tag=10',
            contentType: 'video/mp4',
            bitrate: 832000,
          },
          {
            url: 'https://video.twimg.com/ext_tw_video/1291923825303490562/pu/vid/358x270/EPOyedoxJ0m-pzGA.mp4?tag=10',
            contentType: 'video/mp4',
            bitrate: 256000,
          },
          {
            url: 'https://video.twimg.com/ext_tw_video/1291923825303490562/pu/vid/958x720/Woa8cTl6giO9lfBd.mp4?tag=10',
            contentType: 'video/mp4',
            bitrate: 2176000,
          },
          {
            url: 'https://video.twimg.com/ext_tw_video/1291923825303490562/pu/pl/HiFLDK4tEIfoLPMA.m3u8?tag=10',
            contentType: 'application/x-mpegURL',
            bitrate: null,
          },
        ],
      }),
    ],
    retweetOf: { id: '1291924030757277697', handle: 'SimpsonsOps' },
    metrics: exportMetrics(0, 0),
    sources: [exportSource('tweets-part1.js', '[1].tweet', OWN)],
  }),
  // deleted-tweet-headers.js: the id, its dates, nothing else.
  tweet('1675104460600250368', 'darkliquid', {
    status: 'deleted',
    createdAt: '2023-07-01T11:30:00.000Z',
    createdAtFrom: 'source',
    createdAtRaw: 'Sat Jul 01 11:30:00 +0000 2023',
    deletedAt: '2023-07-01T12:00:00.000Z',
    author: OWNER,
    sources: [exportSource('deleted-tweet-headers.js', '[0].tweet', 'deleted by the account owner (header only)')],
  }),
  // deleted-tweets.js: the whole item, and status deleted.
  tweet('1675104460600250368', 'darkliquid', {
    status: 'deleted',
    createdAt: '2023-07-01T11:30:00.000Z',
    createdAtFrom: 'source',
    createdAtRaw: 'Sat Jul 01 11:30:00 +0000 2023',
    author: OWNER,
    lang: 'en',
    text: 'CONSTRUCTED SAMPLE: a tweet I deleted.',
    rawText: 'CONSTRUCTED SAMPLE: a tweet I deleted.',
    displayTextRange: [0, 38],
    metrics: exportMetrics(0, 0),
    sources: [exportSource('deleted-tweets.js', '[0].tweet', 'deleted by the account owner')],
  }),
  // like.js: someone else's tweet; no author (the link is /i/web/status/), no date (snowflake).
  tweet('1657782953964474368', null, {
    createdAt: '2023-05-14T16:20:31.000Z',
    createdAtFrom: 'snowflake',
    text: '@example_press Field notes 🧵: the embed fix is live & documented at https://t.co/AbCdEf1234 #embeds https://t.co/PhOtO56789',
    rawText:
      '@example_press Field notes 🧵: the embed fix is live &amp; documented at https://t.co/AbCdEf1234 #embeds https://t.co/PhOtO56789',
    sources: [
      {
        format: 'x-archive-like',
        file: `${DATA}/like.js`,
        capturedAt: GENERATED,
        sourceUrl: null,
        note: 'liked by the account owner',
        pointer: '[0].like',
      },
    ],
  }),
  tweet('1663617771893690368', null, {
    createdAt: '2023-05-30T18:46:00.000Z',
    createdAtFrom: 'snowflake',
    sources: [
      {
        format: 'x-archive-like',
        file: `${DATA}/like.js`,
        capturedAt: GENERATED,
        sourceUrl: null,
        note: 'liked by the account owner',
        pointer: '[1].like',
      },
    ],
  }),
];

// ---------------------------------------------------------------- syndication (docs/data-formats.md#syndication)

const syndication = (file: string, pointer?: string): Provenance => ({
  format: 'syndication',
  file: `syndication/${file}`,
  capturedAt: null,
  sourceUrl: null,
  note: null,
  ...(pointer ? { pointer } : {}),
});

const ARCHIVE_SAMPLE = { handle: 'archive_sample', name: 'Archive Sample', id: '1587716136760262656' };
const EXAMPLE_PRESS = { handle: 'example_press', name: 'Example Press', id: '1587716136760258560' };

/**
 * The reply's text: the range [15,103] drops the leading @mention and the media link; 🧵 is one
 * code point (docs/data-formats.md#indices).
 */
const REPLY_TEXT =
  'Field notes 🧵: the embed fix is live & documented at https://example.com/notes/embed-fix?utm_source=twitter #embeds';
const REPLY_RAW =
  '@example_press Field notes 🧵: the embed fix is live &amp; documented at https://t.co/AbCdEf1234 #embeds https://t.co/PhOtO56789';
const REPLY_ENTITIES = {
  urls: [
    {
      tco: 'https://t.co/AbCdEf1234',
      expandedUrl: 'https://example.com/notes/embed-fix?utm_source=twitter',
      displayUrl: 'example.com/notes/embed-fi…',
      indices: [72, 95] as [number, number],
    },
  ],
  mentions: [
    { handle: 'example_press', id: '1587716136760258560', name: 'Example Press', indices: [0, 14] as [number, number] },
  ],
  hashtags: [{ tag: 'embeds', indices: [96, 103] as [number, number] }],
  symbols: [],
};
const REPLY_PHOTO = medium({
  kind: 'photo',
  tco: 'https://t.co/PhOtO56789',
  remoteUrl: 'https://pbs.twimg.com/media/FwAbCdEXsAAmple.jpg',
  width: 1200,
  height: 675,
  altText: 'Screenshot of a repaired tweet embed inside a news article',
});

export function syndicationReplyPhoto(source: (pointer?: string) => Provenance): ArchivedTweet[] {
  return [
    tweet('1657782953964474368', 'archive_sample', {
      status: 'available',
      createdAt: '2023-05-14T16:20:31.000Z',
      createdAtFrom: 'source',
      createdAtRaw: '2023-05-14T16:20:31.000Z',
      author: ARCHIVE_SAMPLE,
      lang: 'en',
      text: REPLY_TEXT,
      rawText: REPLY_RAW,
      displayTextRange: [15, 103],
      entities: REPLY_ENTITIES,
      media: [REPLY_PHOTO],
      inReplyTo: { id: '1657763236541370368', handle: 'example_press', userId: '1587716136760258560' },
      metrics: { likes: 12, retweets: null, replies: null, capturedAt: source().capturedAt },
      sources: [source()],
    }),
    tweet('1657763236541370368', 'example_press', {
      status: 'available',
      createdAt: '2023-05-14T15:02:10.000Z',
      createdAtFrom: 'source',
      createdAtRaw: '2023-05-14T15:02:10.000Z',
      author: EXAMPLE_PRESS,
      lang: 'en',
      text: 'We moved our CMS to a new host. Old tweet embeds on our articles may look broken for a while & we are on it.',
      rawText:
        'We moved our CMS to a new host. Old tweet embeds on our articles may look broken for a while &amp; we are on it.',
      displayTextRange: [0, 112],
      metrics: { likes: 19, retweets: 4, replies: 3, capturedAt: source().capturedAt },
      sources: [source('parent')],
    }),
  ];
}

export const SYNDICATION_REPLY_PHOTO = syndicationReplyPhoto((pointer) =>
  syndication('tweet-result.reply-photo.json', pointer),
);

export const SYNDICATION_QUOTE_VIDEO: ArchivedTweet[] = [
  tweet('1664195075896250368', 'archive_sample', {
    status: 'available',
    createdAt: '2023-06-01T09:00:00.000Z',
    createdAtFrom: 'source',
    createdAtRaw: '2023-06-01T09:00:00.000Z',
    author: ARCHIVE_SAMPLE,
    lang: 'en',
    text: 'Short screen recording of the repaired embed flow',
    rawText: 'Short screen recording of the repaired embed flow https://t.co/ViDeO12345',
    displayTextRange: [0, 49],
    media: [
      medium({
        kind: 'video',
        tco: 'https://t.co/ViDeO12345',
        remoteUrl: 'https://pbs.twimg.com/ext_tw_video_thumb/1664194740351954944/pu/img/Xy1Zw2Vu3Ts4Rq5P.jpg',
        width: 1280,
        height: 720,
        durationMs: 9301,
        variants: [
          {
            url: 'https://video.twimg.com/ext_tw_video/1664194740351954944/pu/pl/Ab1Cd2Ef3Gh4Ij5K.m3u8?tag=12',
            contentType: 'application/x-mpegURL',
            bitrate: null,
          },
          {
            url: 'https://video.twimg.com/ext_tw_video/1664194740351954944/pu/vid/480x270/Lm6No7Pq8Rs9Tu0V.mp4?tag=12',
            contentType: 'video/mp4',
            bitrate: 256000,
          },
          {
            url: 'https://video.twimg.com/ext_tw_video/1664194740351954944/pu/vid/640x360/Wx1Yz2Ab3Cd4Ef5G.mp4?tag=12',
            contentType: 'video/mp4',
            bitrate: 832000,
          },
          {
            url: 'https://video.twimg.com/ext_tw_video/1664194740351954944/pu/vid/1280x720/Hi6Jk7Lm8No9Pq0R.mp4?tag=12',
            contentType: 'video/mp4',
            bitrate: 2176000,
          },
        ],
      }),
    ],
    quoted: { id: '1663617520235450368', url: 'https://x.com/example_press/status/1663617520235450368' },
    metrics: { likes: 7, retweets: null, replies: null, capturedAt: null },
    sources: [syndication('tweet-result.quote-video.json')],
  }),
  tweet('1663617520235450368', 'example_press', {
    status: 'available',
    createdAt: '2023-05-30T18:45:00.000Z',
    createdAtFrom: 'source',
    createdAtRaw: '2023-05-30T18:45:00.000Z',
    author: EXAMPLE_PRESS,
    lang: 'en',
    text: 'A short thread on why tweet embeds break when an account goes private or deletes a post (1/3)',
    rawText: 'A short thread on why tweet embeds break when an account goes private or deletes a post (1/3)',
    displayTextRange: [0, 93],
    conversationRootId: '1663617520235450368',
    metrics: { likes: 21, retweets: 5, replies: 2, capturedAt: null },
    sources: [syndication('tweet-result.quote-video.json', 'quoted_tweet')],
  }),
];

/** A tombstone names no id; given the id, the tweet is recorded as deleted, its words kept. */
export const SYNDICATION_TOMBSTONE_FOR = (id: string, createdAt: string): ArchivedTweet =>
  tweet(id, null, {
    status: 'deleted',
    createdAt,
    createdAtFrom: 'snowflake',
    sources: [
      {
        ...syndication('tweet-result.tombstone.json'),
        note: 'tombstone: This Post was deleted by the Post author. Learn more',
      },
    ],
  });

// ---------------------------------------------------------------- oEmbed (docs/data-formats.md#oembed)

export const OEMBED_HUGO: ArchivedTweet[] = [
  tweet('666616452582129664', 'spf13', {
    createdAt: '2015-11-17T13:58:42.087Z',
    createdAtFrom: 'snowflake',
    createdAtRaw: 'November 17, 2015',
    author: { handle: 'spf13', name: 'Steve Francia', id: null },
    lang: 'en',
    // The double space before #gohugo is in the source: kept.
    text: 'Hugo 0.15 will have 30%+ faster render times thanks to this commit https://t.co/FfzhM8bNhT  #gohugo #golang https://t.co/ITbMNU2BUf',
    rawText:
      'Hugo 0.15 will have 30%+ faster render times thanks to this commit https://t.co/FfzhM8bNhT  #gohugo #golang https://t.co/ITbMNU2BUf',
    entities: {
      urls: [
        { tco: 'https://t.co/FfzhM8bNhT', expandedUrl: null, displayUrl: 'https://t.co/FfzhM8bNhT', indices: null },
        { tco: 'https://t.co/ITbMNU2BUf', expandedUrl: null, displayUrl: 'https://t.co/ITbMNU2BUf', indices: null },
      ],
      mentions: [],
      hashtags: [
        { tag: 'gohugo', indices: null },
        { tag: 'golang', indices: null },
      ],
      symbols: [],
    },
    sources: [
      { format: 'oembed', file: 'oembed/oembed.hugo-test-fixture.json', capturedAt: null, sourceUrl: null, note: null },
    ],
  }),
];

/** The same tweet as the syndication reply, seen through an embed blockquote (oEmbed html or a saved page). */
export function blockquoteReply(source: Provenance): ArchivedTweet {
  return tweet('1657782953964474368', 'archive_sample', {
    createdAt: '2023-05-14T16:20:31.000Z',
    createdAtFrom: 'snowflake',
    createdAtRaw: 'May 14, 2023',
    author: { handle: 'archive_sample', name: 'Archive Sample', id: null },
    lang: 'en',
    // The leading @mention is part of the blockquote's text; the pic.twitter.com link is not text.
    text: '@example_press Field notes 🧵: the embed fix is live & documented at https://t.co/AbCdEf1234 #embeds',
    rawText:
      '@example_press Field notes 🧵: the embed fix is live & documented at https://t.co/AbCdEf1234 #embeds pic.twitter.com/PhOtO56789',
    entities: {
      urls: [
        { tco: 'https://t.co/AbCdEf1234', expandedUrl: null, displayUrl: 'https://t.co/AbCdEf1234', indices: null },
      ],
      mentions: [{ handle: 'example_press', id: null, name: null, indices: null }],
      hashtags: [{ tag: 'embeds', indices: null }],
      symbols: [],
    },
    media: [medium({ tco: 'https://t.co/PhOtO56789' })],
    sources: [source],
  });
}

/** The video tweet through the Wayback and WARC pages' second blockquote. */
export function blockquoteVideo(source: Provenance): ArchivedTweet {
  return tweet('1664195075896250368', 'archive_sample', {
    createdAt: '2023-06-01T09:00:00.000Z',
    createdAtFrom: 'snowflake',
    createdAtRaw: 'June 1, 2023',
    author: { handle: 'archive_sample', name: 'Archive Sample', id: null },
    lang: 'en',
    text: 'Short screen recording of the repaired embed flow',
    rawText: 'Short screen recording of the repaired embed flow pic.twitter.com/ViDeO12345',
    media: [medium({ tco: 'https://t.co/ViDeO12345' })],
    sources: [source],
  });
}

export const OEMBED_REPLY_PHOTO: ArchivedTweet[] = [
  blockquoteReply({
    format: 'oembed',
    file: 'oembed/oembed.reply-photo.constructed.json',
    capturedAt: null,
    sourceUrl: null,
    note: null,
  }),
];

// ---------------------------------------------------------------- API v1.1 (docs/data-formats.md#api-v11-statuses)

const api = (pointer: string): Provenance => ({
  format: 'api-v1.1',
  file: 'api-v1.1/tweets.twitter-to-sqlite.json',
  capturedAt: null,
  sourceUrl: null,
  note: null,
  pointer,
});
const SIMONW = { handle: 'simonw', name: 'Simon Willison', id: '12497' };

export const API_TWEETS: ArchivedTweet[] = [
  // The numeric "id" 1169246717864136700 is corrupted (docs/data-formats.md#ids-are-strings); id_str is the id.
  tweet('1169246717864136705', 'simonw', {
    status: 'available',
    createdAt: '2019-09-04T13:51:55.000Z',
    createdAtFrom: 'source',
    createdAtRaw: 'Wed Sep 04 13:51:55 +0000 2019',
    author: SIMONW,
    lang: 'en',
    text: 'RT @drvox: My new post: an explainer on “carbon capture & utilization” (CCU). CO2 captured from waste gases or the ambient air can be used…',
    rawText:
      'RT @drvox: My new post: an explainer on “carbon capture &amp; utilization” (CCU). CO2 captured from waste gases or the ambient air can be used…',
    displayTextRange: [0, 143],
    // The retweet's own text is cut with "…"; the whole text is the original's, stored below.
    truncated: true,
    entities: {
      ...NO_ENTITIES,
      mentions: [{ handle: 'drvox', id: '22737278', name: 'David Roberts', indices: [3, 9] }],
    },
    retweetOf: { id: '1169242008432644097', handle: 'drvox' },
    metrics: { likes: 0, retweets: 42, replies: null, capturedAt: null },
    sources: [api('[0]')],
  }),
  tweet('1169242008432644097', 'drvox', {
    status: 'available',
    createdAt: '2019-09-04T13:33:12.000Z',
    createdAtFrom: 'source',
    createdAtRaw: 'Wed Sep 04 13:33:12 +0000 2019',
    author: { handle: 'drvox', name: 'David Roberts', id: '22737278' },
    lang: 'en',
    text: 'My new post: an explainer on “carbon capture & utilization” (CCU). CO2 captured from waste gases or the ambient air can be used to make valuable products. Could CCU help the carbon capture industry scale up? https://www.vox.com/energy-and-environment/2019/9/4/20829431/climate-change-carbon-capture-utilization-sequestration-ccu-ccs?utm_campaign=drvox&utm_content=chorus&utm_medium=social&utm_source=twitter',
    rawText:
      'My new post: an explainer on “carbon capture &amp; utilization” (CCU). CO2 captured from waste gases or the ambient air can be used to make valuable products. Could CCU help the carbon capture industry scale up? https://t.co/cVDz7Xxi4E',
    displayTextRange: [0, 235],
    entities: {
      urls: [
        {
          tco: 'https://t.co/cVDz7Xxi4E',
          expandedUrl:
            'https://www.vox.com/energy-and-environment/2019/9/4/20829431/climate-change-carbon-capture-utilization-sequestration-ccu-ccs?utm_campaign=drvox&utm_content=chorus&utm_medium=social&utm_source=twitter',
          displayUrl: 'vox.com/energy-and-env…',
          indices: [212, 235],
        },
      ],
      mentions: [],
      hashtags: [],
      symbols: [],
    },
    metrics: { likes: 86, retweets: 42, replies: null, capturedAt: null },
    sources: [api('[0].retweeted_status')],
  }),
  tweet('1169196446043664385', 'simonw', {
    status: 'available',
    createdAt: '2019-09-04T10:32:10.000Z',
    createdAtFrom: 'source',
    createdAtRaw: 'Wed Sep 04 10:32:10 +0000 2019',
    author: SIMONW,
    lang: 'en',
    // API v1.1 replies start after the leading mentions: [45,262].
    text: "The @inaturalist API is amazingly powerful and fun with no auth and no rate limit. We used it to build http://www.owlsnearme.com - see also @Natbat's great tutorial on using it with @observablehq https://24ways.org/2018/observable-notebooks-and-inaturalist/",
    rawText:
      "@scientiffic @Wikipedia @unsplash @cagarrity The @inaturalist API is amazingly powerful and fun with no auth and no rate limit. We used it to build https://t.co/q17EOpkGc3 - see also @Natbat's great tutorial on using it with @observablehq https://t.co/WbYktnYxBc",
    displayTextRange: [45, 262],
    entities: {
      urls: [
        {
          tco: 'https://t.co/q17EOpkGc3',
          expandedUrl: 'http://www.owlsnearme.com',
          displayUrl: 'owlsnearme.com',
          indices: [148, 171],
        },
        {
          tco: 'https://t.co/WbYktnYxBc',
          expandedUrl: 'https://24ways.org/2018/observable-notebooks-and-inaturalist/',
          displayUrl: '24ways.org/2018/observabl…',
          indices: [239, 262],
        },
      ],
      mentions: [
        { handle: 'scientiffic', id: '82016165', name: 'Tiffany Tseng 🍡', indices: [0, 12] },
        { handle: 'Wikipedia', id: '86390214', name: 'Wikipedia', indices: [13, 23] },
        { handle: 'unsplash', id: '1520228526', name: 'Unsplash', indices: [24, 33] },
        { handle: 'cagarrity', id: '92321453', name: 'Chris Garrity', indices: [34, 44] },
        { handle: 'inaturalist', id: '14239043', name: 'iNaturalist', indices: [49, 61] },
        { handle: 'Natbat', id: '12161', name: 'Natbat', indices: [183, 190] },
        // Its numeric id 905255756789825500 is corrupted (docs/data-formats.md#ids-are-strings).
        { handle: 'observablehq', id: '905255756789825536', name: 'Observable', indices: [225, 238] },
      ],
      hashtags: [],
      symbols: [],
    },
    // This real dump carries another tweet's photo: its t.co link is not in this text, so the text is untouched.
    media: [
      medium({
        kind: 'photo',
        id: '504727051174031361',
        tco: 'http://t.co/uavPaDsvNe',
        remoteUrl: 'https://pbs.twimg.com/media/BwEmlDHCMAEGwu_.jpg',
        width: 1024,
        height: 768,
      }),
    ],
    inReplyTo: { id: '1169079390577319937', handle: 'scientiffic', userId: '82016165' },
    metrics: { likes: 2, retweets: 0, replies: null, capturedAt: null },
    sources: [api('[1]')],
  }),
  tweet('1168529001599533057', 'simonw', {
    status: 'available',
    createdAt: '2019-09-02T14:19:58.000Z',
    createdAtFrom: 'source',
    createdAtRaw: 'Mon Sep 02 14:19:58 +0000 2019',
    author: SIMONW,
    lang: 'en',
    // The quoted tweet's link [240,263] is outside the display range [0,239].
    text: "Finally got around to running this script. It is BRILLIANT - it produces a concatenated .wav file of the audio from every live photo you've ever taken.\n\nNeeds quite a lot of disk space to run - the /tmp/picblast folder can take multiple GB",
    rawText:
      "Finally got around to running this script. It is BRILLIANT - it produces a concatenated .wav file of the audio from every live photo you've ever taken.\n\nNeeds quite a lot of disk space to run - the /tmp/picblast folder can take multiple GB https://t.co/AJNTJbhF0g",
    displayTextRange: [0, 239],
    entities: {
      urls: [
        {
          tco: 'https://t.co/AJNTJbhF0g',
          expandedUrl: 'https://twitter.com/bwhitman/status/861696799362478085',
          displayUrl: 'twitter.com/bwhitman/statu…',
          indices: [240, 263],
        },
      ],
      mentions: [],
      hashtags: [],
      symbols: [],
    },
    quoted: { id: '861696799362478085', url: 'https://x.com/bwhitman/status/861696799362478085' },
    metrics: { likes: 31, retweets: 4, replies: null, capturedAt: null },
    sources: [api('[2]')],
  }),
  tweet('861696799362478085', 'bwhitman', {
    status: 'available',
    createdAt: '2017-05-08T21:38:21.000Z',
    createdAtFrom: 'source',
    createdAtRaw: 'Mon May 08 21:38:21 +0000 2017',
    author: { handle: 'bwhitman', name: 'Brian Whitman', id: '14148390' },
    lang: 'en',
    text: 'If you use Photos (mac) & Live Photos, run this command to generate a lovely sound collage of where you’ve been https://gist.github.com/bwhitman/5be2f905556a25145dbac74fe4080739',
    rawText:
      'If you use Photos (mac) &amp; Live Photos, run this command to generate a lovely sound collage of where you’ve been https://t.co/cEbhE4P3ZM',
    displayTextRange: [0, 139],
    entities: {
      urls: [
        {
          tco: 'https://t.co/cEbhE4P3ZM',
          expandedUrl: 'https://gist.github.com/bwhitman/5be2f905556a25145dbac74fe4080739',
          displayUrl: 'gist.github.com/bwhitman/5be2f…',
          indices: [116, 139],
        },
      ],
      mentions: [],
      hashtags: [],
      symbols: [],
    },
    metrics: { likes: 57, retweets: 14, replies: null, capturedAt: null },
    sources: [api('[2].quoted_status')],
  }),
];

// ---------------------------------------------------------------- Thread Reader (docs/data-formats.md#thread-reader-app)

const thread = (n: number): Provenance => ({
  format: 'threadreader',
  file: 'threadreader/thread.constructed.html',
  capturedAt: null,
  sourceUrl: 'https://threadreaderapp.com/thread/1663617520235450368.html',
  note: 'Thread Reader App unroll',
  pointer: `#tweet_${n}`,
});
const PRESS_ONLY = { handle: 'example_press', name: null, id: null };

export const THREAD_TWEETS: ArchivedTweet[] = [
  tweet('1663617520235450368', 'example_press', {
    createdAt: '2023-05-30T18:45:00.000Z',
    createdAtFrom: 'snowflake',
    author: PRESS_ONLY,
    text: 'A short thread on why tweet embeds break when an account goes private or deletes a post (1/3)',
    rawText: 'A short thread on why tweet embeds break when an account goes private or deletes a post (1/3)',
    conversationRootId: '1663617520235450368',
    sources: [thread(1)],
  }),
  tweet('1663617771893690368', 'example_press', {
    createdAt: '2023-05-30T18:46:00.000Z',
    createdAtFrom: 'snowflake',
    author: PRESS_ONLY,
    text: 'Embeds are rendered client-side by widgets.js, which asks X for the post every time the page loads. No post, no embed. (2/3)',
    rawText:
      'Embeds are rendered client-side by widgets.js, which asks X for the post every time the page loads. No post, no embed. (2/3)',
    conversationRootId: '1663617520235450368',
    sources: [thread(2)],
  }),
  tweet('1663618149381050368', 'example_press', {
    createdAt: '2023-05-30T18:47:30.000Z',
    createdAtFrom: 'snowflake',
    author: PRESS_ONLY,
    // "&amp;" in the page's HTML is "&" once parsed, and is not decoded again.
    text: 'Publishers only keep the fallback blockquote & its t.co links, so an archive of the post itself is the only durable copy. (3/3)',
    rawText:
      'Publishers only keep the fallback blockquote & its t.co links, so an archive of the post itself is the only durable copy. (3/3)',
    conversationRootId: '1663617520235450368',
    sources: [thread(3)],
  }),
];

// ---------------------------------------------------------------- saved pages and WARC (docs/data-formats.md#saved-pages)

export const ARTICLE_URL = 'https://news.example.com/2023/06/02/fixing-tweet-embeds';
/** The three paragraphs around the embeds, as a reader sees them (the byline and the h1 are not paragraphs). */
export const ARTICLE_PARAGRAPHS = [
  'After the CMS move, the newsroom account announced the outage.',
  'A follow-up recording showed the repaired flow:',
  'Unrendered embeds fall back to the blockquote text above.',
];
/**
 * "a" + cyrb53(ARTICLE_URL) in 14 hex digits (src/archive/ids.ts says how an id is made), worked out apart
 * from the code under test with a separate implementation of bryc's public-domain cyrb53
 * (github.com/bryc/code, jshash/experimental/cyrb53.js) run on the URL.
 */
export const ARTICLE_ID = 'a11ce1003bac6b3';

function article(embeds: ArchivedArticle['embeds'], source: Provenance): ArchivedArticle {
  return {
    v: 1,
    id: ARTICLE_ID,
    // Readability drops the title's " - Example News".
    title: 'How we fixed our broken tweet embeds',
    urls: [ARTICLE_URL],
    siteName: null,
    byline: 'By A. Reporter · June 2, 2023',
    lang: 'en',
    publishedAt: '2023-06-02',
    paragraphs: ARTICLE_PARAGRAPHS,
    embeds,
    // The status link in the first paragraph's running text is a link, not an embed.
    tweetLinks: [{ tweetId: '1657763236541370368', paragraph: 0 }],
    sources: [source],
  };
}

const SINGLEFILE_CAPTURE = {
  file: 'articles/singlefile-article.constructed.html',
  capturedAt: '2023-06-02T10:15:42.000Z',
  sourceUrl: ARTICLE_URL,
  capturedAtRaw: 'Fri Jun 02 2023 10:15:42 GMT+0000 (Coordinated Universal Time)',
};
export const SINGLEFILE_ARTICLE = article(
  [
    { position: 1, tweetId: '1657782953964474368', fallbackText: [], kind: 'blockquote' },
    // Rendered by widgets.js, then saved: only data-tweet-id is left (docs/data-formats.md#saved-pages).
    { position: 2, tweetId: '1664195075896250368', fallbackText: [], kind: 'rendered-iframe' },
  ],
  { format: 'singlefile', ...SINGLEFILE_CAPTURE, note: 'page saved with SingleFile' },
);
export const SINGLEFILE_TWEETS = [
  blockquoteReply({
    format: 'embed-html',
    ...SINGLEFILE_CAPTURE,
    note: 'embed blockquote in a saved page',
    pointer: 'embed 0',
  }),
];

const WAYBACK_CAPTURE = {
  file: 'articles/wayback-article.constructed.html',
  capturedAt: '2023-06-02T10:15:42.000Z',
  sourceUrl: ARTICLE_URL,
  capturedAtRaw: '20230602101542',
  archiveUrl: `https://web.archive.org/web/20230602101542/${ARTICLE_URL}`,
};
const TWO_BLOCKQUOTES: ArchivedArticle['embeds'] = [
  { position: 1, tweetId: '1657782953964474368', fallbackText: [], kind: 'blockquote' },
  { position: 2, tweetId: '1664195075896250368', fallbackText: [], kind: 'blockquote' },
];
export const WAYBACK_ARTICLE = article(TWO_BLOCKQUOTES, {
  format: 'wayback',
  ...WAYBACK_CAPTURE,
  note: 'Wayback Machine capture',
});
export const WAYBACK_TWEETS = [
  blockquoteReply({
    format: 'embed-html',
    ...WAYBACK_CAPTURE,
    note: 'embed blockquote in a saved page',
    pointer: 'embed 0',
  }),
  blockquoteVideo({
    format: 'embed-html',
    ...WAYBACK_CAPTURE,
    note: 'embed blockquote in a saved page',
    pointer: 'embed 1',
  }),
];

const WARC = 'warc/article.constructed.warc';
const PAGE_RECORD = '<urn:uuid:5eed0000-0000-0000-0000-000000000002>';
const SYNDICATION_RECORD = '<urn:uuid:5eed0000-0000-0000-0000-000000000004>';
const WARC_PAGE = {
  file: WARC,
  capturedAt: '2023-06-02T10:15:41.000Z',
  sourceUrl: ARTICLE_URL,
  capturedAtRaw: '2023-06-02T10:15:41Z',
};
export const WARC_ARTICLE = article(TWO_BLOCKQUOTES, {
  format: 'warc',
  ...WARC_PAGE,
  note: 'WARC capture',
  pointer: PAGE_RECORD,
});
/** The WARC's page blockquotes, then the syndication JSON the crawl captured (with its reply parent). */
export const WARC_TWEETS: ArchivedTweet[] = [
  blockquoteReply({
    format: 'embed-html',
    ...WARC_PAGE,
    note: 'embed blockquote in a saved page',
    pointer: `${PAGE_RECORD} embed 0`,
  }),
  blockquoteVideo({
    format: 'embed-html',
    ...WARC_PAGE,
    note: 'embed blockquote in a saved page',
    pointer: `${PAGE_RECORD} embed 1`,
  }),
  ...syndicationReplyPhoto((pointer) => ({
    format: 'syndication',
    file: WARC,
    capturedAt: '2023-06-02T10:15:42.000Z',
    sourceUrl: 'https://cdn.syndication.twimg.com/tweet-result?id=1657782953964474368&lang=en&token=4ab1cdefgh',
    note: 'captured in a WARC',
    pointer: pointer ? `${SYNDICATION_RECORD} ${pointer}` : SYNDICATION_RECORD,
    capturedAtRaw: '2023-06-02T10:15:42Z',
  })),
];
