/**
 * The neutral card (src/repair/neutral-card.ts) and the content controller's
 * neutral-card path, against the real background decisions
 * (src/background/archive-access.ts) with a user archive in memory: on a page
 * of another site, an embed the user's archive holds and one it does not get
 * the same card; a page's own click or key event does nothing; the user's
 * (trusted) click shows the record, or "not in your archive".
 *
 * happy-dom has no trusted events: `trusted()` marks one as the browser marks
 * the user's own. The real browsers' trusted clicks are in
 * tests/e2e/user-archive-privacy.e2e.test.ts.
 *
 * @vitest-environment-options {"url": "https://hostile.test/thread"}
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importXArchive } from '../../src/archive/importers/x-archive';
import type { EmbedMatch } from '../../src/messages/lookup';
import { mergeRecords } from '../../src/archive/merge';
import { readExportFolder } from '../../src/cli/sources';
import { GRACE_PERIOD_MS } from '../../src/content/controller';
import CARD_CSS from '../../src/repair/card.css?inline';
import { renderNeutralCard, type NeutralCardModel } from '../../src/repair/neutral-card';
import { makeTweet, seedRecords } from './helpers/archive';
import { FORMATS_DIR } from './helpers/archive-expected';
import { repairedHosts, rootOf, startController, stopController } from './helpers/controller-harness';

/** Tweets of the sample X export (tests/fixtures/formats/x-archive), not in the packaged archive. */
const MINE = '1541752634348019715';
const MINE_TEXT = '@symatt Monocycle';
/** In neither archive. */
const NOBODYS = '1541752634348019999';

/** An event as the browser makes it for the user's own click or key press. */
function trusted<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}
const userClick = (target: Element) => target.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true })));
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function renderInShadow(model: Partial<NeutralCardModel> = {}) {
  const host = document.createElement('div');
  document.body.append(host);
  const shadow = host.attachShadow({ mode: 'open' });
  const container = document.createElement('div');
  shadow.append(container);
  const ask = vi.fn(model.ask ?? (async () => null));
  renderNeutralCard(container, { tweetUrl: null, loadArticle: async () => null, ...model, ask });
  const button = container.querySelector('button.reveal') as HTMLButtonElement;
  return { host, shadow, container, button, ask };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('renderNeutralCard', () => {
  it('says the embed did not load and offers to look in your archive, with an accessible name', () => {
    const { container, button } = renderInShadow();
    const card = container.querySelector('.card') as HTMLElement;
    expect(card.getAttribute('aria-label')).toBe('A tweet embed that did not load: your own archive may hold it');
    expect(button.textContent).toBe('Show from your archive');
    expect(button.type).toBe('button');
    expect(card.textContent).toContain('This embedded post did not load');
    expect(container.querySelector('[role="status"]')?.textContent).toBe('');
  });

  it("ignores the page's own click(), dispatched mouse and key events", async () => {
    const { host, button, ask } = renderInShadow();
    button.click();
    button.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    host.click();
    host.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await flush();
    expect(ask).not.toHaveBeenCalled();
    expect(button.getAttribute('aria-disabled')).toBeNull();
  });

  it("on the user's click shows the record from the answer, as a full card that takes the focus", async () => {
    const tweet = makeTweet(MINE, { text: MINE_TEXT, author: { handle: 'darkliquid', name: 'darkliquid' } });
    const match: EmbedMatch = { by: 'tweet', tweet, article: null, passage: null };
    const onAnswer = vi.fn();
    const { container, shadow, button, ask } = renderInShadow({ ask: async () => match, onAnswer });
    button.focus();
    userClick(button);
    userClick(button); // a second click while asking asks nothing more
    expect(container.querySelector('[role="status"]')?.textContent).toBe('Looking in your archive…');
    await flush();
    expect(ask).toHaveBeenCalledTimes(1);
    const card = container.querySelector('.card') as HTMLElement;
    expect(card.classList.contains('neutral')).toBe(false);
    expect(card.querySelector('.tweet .text')?.textContent).toBe(MINE_TEXT);
    expect(container.querySelectorAll('.card')).toHaveLength(1);
    expect(shadow.activeElement).toBe(card);
    expect(onAnswer).toHaveBeenCalledWith(match);
  });

  it('says "not in your archive" when the answer is nothing, with the page\'s own link to the post', async () => {
    const { container, button } = renderInShadow({ tweetUrl: `https://twitter.com/someone/status/${NOBODYS}` });
    userClick(button);
    await flush();
    const card = container.querySelector('.card') as HTMLElement;
    expect(card.textContent).toContain('Not in your archive.');
    expect(card.querySelector('a')?.getAttribute('href')).toBe(`https://x.com/someone/status/${NOBODYS}`);
    expect(container.querySelector('button')).toBeNull();
  });

  it('says when the archive could not be read, and lets the user try again', async () => {
    const ask = vi.fn().mockRejectedValueOnce(new Error('no background')).mockResolvedValueOnce(null);
    const { container, button } = renderInShadow({ ask });
    userClick(button);
    await flush();
    expect(container.querySelector('[role="status"]')?.textContent).toBe('Your archive could not be read. Try again.');
    expect(button.getAttribute('aria-disabled')).toBeNull();
    userClick(button);
    await flush();
    expect(container.textContent).toContain('Not in your archive.');
  });

  it('is styled by the card styles', () => {
    expect(CARD_CSS).toContain('.neutral');
  });
});

describe('the content controller on a page of another site, with the user archive', () => {
  const HOSTILE_PAGE = `<!doctype html><html><body><main>
    <p>A thread that quotes two posts.</p>
    <blockquote class="twitter-tweet" data-width="400"><a href="https://twitter.com/someone/status/${MINE}">1</a></blockquote>
    <p>And another one.</p>
    <blockquote class="twitter-tweet" data-width="400"><a href="https://twitter.com/someone/status/${NOBODYS}">1</a></blockquote>
  </main></body></html>`;
  const user = async () => ({
    records: mergeRecords(
      await importXArchive(readExportFolder(join(FORMATS_DIR, 'x-archive')), { base: 'x-archive/x-archive' }),
    ),
  });
  const shadowOf = rootOf;

  afterEach(stopController);

  it('gives both embeds the same neutral card; only the user can open them, one record, one "not in your archive"', async () => {
    const h = await startController({ html: HOSTILE_PAGE, records: seedRecords(), user: await user() });
    await h.advance(GRACE_PERIOD_MS);
    const [mine, nobodys] = repairedHosts();
    expect(repairedHosts()).toHaveLength(2);
    // Identical for the page and inside: same host (its shadow root closed), same card.
    expect(mine!.outerHTML).toBe(nobodys!.outerHTML);
    expect([mine!.shadowRoot, nobodys!.shadowRoot]).toEqual([null, null]);
    expect(shadowOf(mine!).innerHTML).toBe(shadowOf(nobodys!).innerHTML);
    expect(shadowOf(mine!).textContent).not.toContain(MINE_TEXT);
    // Not repairs yet: the popup lists them as broken.
    expect(h.report()).toEqual([
      ['widgets-blockquote', MINE, 'broken'],
      ['widgets-blockquote', NOBODYS, 'broken'],
    ]);

    // The page clicks: nothing (it could not even reach the button: the root is closed).
    mine!.click();
    shadowOf(mine!).querySelector('button')!.click();
    await h.settle();
    expect(shadowOf(mine!).innerHTML).toBe(shadowOf(nobodys!).innerHTML);

    // The user clicks.
    userClick(shadowOf(mine!).querySelector('button.reveal')!);
    userClick(shadowOf(nobodys!).querySelector('button.reveal')!);
    await h.settle();
    expect(shadowOf(mine!).querySelector('.tweet .text')?.textContent).toBe(MINE_TEXT);
    expect(shadowOf(nobodys!).textContent).toContain('Not in your archive.');
    expect(h.report()).toEqual([
      ['widgets-blockquote', MINE, 'repaired'],
      ['widgets-blockquote', NOBODYS, 'broken'],
    ]);
    expect(h.reports.at(-1)).toMatchObject({ repaired: 1, broken: 1 });
  });

  it('repairs from the user archive at once on a site where the user chose "use my archive"', async () => {
    const h = await startController({
      html: HOSTILE_PAGE,
      records: seedRecords(),
      user: { ...(await user()), userArchiveRules: ['hostile.test on'] },
    });
    await h.advance(GRACE_PERIOD_MS);
    const hosts = repairedHosts();
    expect(hosts).toHaveLength(1);
    expect(shadowOf(hosts[0]!).querySelector('.tweet .text')?.textContent).toBe(MINE_TEXT);
    expect(h.report()).toEqual([
      ['widgets-blockquote', MINE, 'repaired'],
      ['widgets-blockquote', NOBODYS, 'broken'],
    ]);
  });

  it('looks the page up again when "use my archive on this site" changes for it, and only then', async () => {
    const rules = { value: [] as string[] };
    const h = await startController({
      html: HOSTILE_PAGE,
      records: seedRecords(),
      user: { ...(await user()), userArchiveRules: rules.value },
    });
    await h.advance(GRACE_PERIOD_MS);
    expect(repairedHosts()).toHaveLength(2);
    const lookups = h.lookups.length;

    // Another site's rule: nothing to ask again.
    h.settings.set({ ...h.settings.value, userArchiveRules: ['elsewhere.test on'] } as never);
    await h.advance(GRACE_PERIOD_MS);
    expect(h.lookups).toHaveLength(lookups);

    // This site's: the background (which reads the stored rule itself) answers again.
    rules.value.push('hostile.test on');
    h.settings.set({ ...h.settings.value, userArchiveRules: ['hostile.test on'] } as never);
    await h.advance(GRACE_PERIOD_MS);
    expect(h.lookups.length).toBeGreaterThan(lookups);
    const hosts = repairedHosts();
    expect(hosts).toHaveLength(1);
    expect(shadowOf(hosts[0]!).querySelector('.tweet .text')?.textContent).toBe(MINE_TEXT);
  });
});
