/**
 * No size cliffs (docs/security.md, "Size cliffs"): a page with more embeds
 * than one lookup may carry gets every repair the archive allows, and what
 * the content script holds (tracked embeds, pending work, cards) never
 * exceeds the embeds on the page plus a constant: everything is released
 * when its embed goes. In happy-dom, with the real card mounter and a
 * background that refuses lookups of more than 500 embeds, as the real one does.
 *
 * @vitest-environment-options {"url": "https://www.wsws.org/en/articles/2022/03/10/russ-m10.html"}
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GRACE_PERIOD_MS } from '../../src/content/controller';
import { MAX_EMBEDS_PER_LOOKUP } from '../../src/messages/lookup';
import { makeTweet, seedRecords } from './helpers/archive';
import { DEMO_PAGE, repairedHosts, startController as start, stopController } from './helpers/controller-harness';

afterEach(stopController);

const SEED_TWEET = '1501707808009506816';
const idOf = (n: number) => String(1_600_000_000_000_000_000n + BigInt(n));

/** A standard embed whose widgets.js reported an error: broken at once. */
function brokenBlockquote(doc: Document, id: string): HTMLElement {
  const quote = doc.createElement('blockquote');
  quote.className = 'twitter-tweet twitter-tweet-error';
  quote.appendChild(doc.createElement('p')).append(`A comment quoting tweet ${id}`);
  const link = quote.appendChild(doc.createElement('a'));
  link.href = `https://twitter.com/commenter/status/${id}`;
  link.append('March 9, 2022');
  return quote;
}

describe('a page with more embeds than one lookup carries', () => {
  it('the seed page with 600 unarchived blockquotes below the article: all looked up in chunks, the seed repaired', async () => {
    const doc = new DOMParser().parseFromString(DEMO_PAGE, 'text/html');
    const thread = doc.createElement('section');
    thread.id = 'comments';
    for (let n = 0; n < 600; n++) thread.append(brokenBlockquote(doc, idOf(n)));
    doc.querySelector('.content')?.after(thread);
    const h = await start({ html: doc.documentElement.outerHTML });
    await h.advance(GRACE_PERIOD_MS);
    await h.advance(GRACE_PERIOD_MS);

    // Every embed asked about once, never more than the background accepts in one lookup.
    const asked = h.lookups.flatMap((lookup) => lookup.embeds.map((e) => e.tweetId));
    expect(Math.max(...h.lookups.map((lookup) => lookup.embeds.length))).toBeLessThanOrEqual(MAX_EMBEDS_PER_LOOKUP);
    expect(asked).toHaveLength(601);
    expect(new Set(asked).size).toBe(601);
    // Every repair the archive allows: the seed's block, and whatever else it matched (the first comments
    // stand right after the article's last paragraphs, which is all a matcher has to go by); every embed it
    // has nothing for stays as it is, reported broken.
    const report = h.controller.getReport().embeds;
    expect(report).toHaveLength(601);
    expect(report[0]).toMatchObject({ tweetId: SEED_TWEET, status: 'repaired' });
    for (const embed of report) expect(embed.status).toBe(embed.match ? 'repaired' : 'broken');
    const repaired = report.filter((e) => e.status === 'repaired').length;
    expect(repaired).toBeLessThan(601);
    expect(repairedHosts()).toHaveLength(repaired);
    expect(h.controller.counts()).toEqual({ tracked: 601, cards: repaired, pending: 0, remembered: 0 });
  });
});

describe('a feed that recycles its slots', () => {
  it(
    '1,000 embeds through 20 slots: at most 20 tracked and 20 cards at any time, nothing pending at the end',
    { timeout: 60_000 },
    async () => {
      const SLOTS = 20;
      const ROUNDS = 50;
      // The archive holds every other tweet of the feed: half the embeds get a card.
      const records = seedRecords();
      records.tweets.push(
        ...Array.from({ length: SLOTS * ROUNDS }, (_, n) => n)
          .filter((n) => n % 2 === 0)
          .map((n) => makeTweet(idOf(n))),
      );
      const h = await start({
        html: '<html><body><main id="feed"></main></body></html>',
        records,
      });
      const feed = document.getElementById('feed') as HTMLElement;
      const slots = Array.from({ length: SLOTS }, () => feed.appendChild(document.createElement('div')));
      let most = { tracked: 0, cards: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        slots.forEach((slot, i) => slot.replaceChildren(brokenBlockquote(document, idOf(round * SLOTS + i))));
        await h.changed();
        await h.advance(GRACE_PERIOD_MS);
        const counts = h.controller.counts();
        most = { tracked: Math.max(most.tracked, counts.tracked), cards: Math.max(most.cards, counts.cards) };
        // What stands is what the last round put in the slots, repaired where the archive has it.
        expect(repairedHosts()).toHaveLength(SLOTS / 2);
      }
      expect(most).toEqual({ tracked: SLOTS, cards: SLOTS / 2 });
      const end = h.controller.counts();
      expect(end.tracked).toBe(SLOTS);
      expect(end.cards).toBe(SLOTS / 2);
      expect(end.pending).toBe(0);
      // The tweets of cards that went are remembered, up to a fixed bound (a framework's remount).
      expect(end.remembered).toBeLessThanOrEqual(64);
      // And the embeds that left took their cards with them: no host of ours outside the slots' current embeds.
      for (const host of repairedHosts()) expect(host.nextElementSibling?.localName).toBe('blockquote');
      expect(h.controller.getReport().embeds.map((e) => e.tweetId)).toEqual(
        slots.map((_, i) => idOf((ROUNDS - 1) * SLOTS + i)),
      );
    },
  );
});
