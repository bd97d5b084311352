/**
 * The signs the first stage looks for (src/content/first-stage.ts): `firstStageSelector()` of
 * src/embeds/first-stage-signs.ts, every detector's `signs`, written out so that the first stage
 * carries this string and not the detectors it is made from. tests/unit/first-stage.test.ts
 * fails, printing the new value, whenever a detector's signs change and this is not changed with
 * them.
 */
export const FIRST_STAGE_SELECTOR =
  '.twitter-tweet-rendered, [data-tweet-id], iframe[src*="/embed/Tweet.html"], amp-twitter, .wp-block-embed-twitter, .wp-block-embed-x, .wp-block-embed:not([class*="is-provider-"]), blockquote.twitter-tweet, blockquote.twitter-video, iframe.progressiveMedia-iframe, iframe[src*="embedly.com/widgets/media.html"], iframe.media-oembed-content[src*="status" i], iframe[src*="/media/oembed?"][src*="status" i], .jekyll-twitter-plugin, a.tweet-link-top, [data-component-name="Twitter2ToDOM"], [data-x-embed], .react-tweet-theme, [data-url*="status" i], [data-embedded-url], [data-oembed-url], [data-iframely-url], [data-tweetid], a[href*="/status" i]';
