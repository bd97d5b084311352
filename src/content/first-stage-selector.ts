/**
 * The hooks the first stage looks for (src/content/first-stage.ts): `firstStageSelector()` of
 * src/embeds/scan.ts, written out so that the first stage carries this string and not the
 * detectors it is made from. tests/unit/first-stage.test.ts fails, printing the new value,
 * whenever a detector's hooks change and this is not changed with them.
 */
export const FIRST_STAGE_SELECTOR =
  '.twitter-tweet-rendered, twitter-widget, iframe, amp-twitter, .wp-block-embed, .jekyll-twitter-plugin, a[href*="/status"], [data-component-name="Twitter2ToDOM"], .react-tweet-theme, blockquote, [data-url], figure';
