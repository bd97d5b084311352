/**
 * A hostile page cannot learn what the user's own archive holds
 * (docs/security.md, "Hostile page: the user's archive"), in Chromium and
 * Firefox with the built extension. The user imports the X export sample in
 * the options page; a page on an unrelated origin (other.test, not the
 * extension's, not the export's) names two tweets as bare embed blockquotes,
 * (a) one the user's archive holds and (b) one it does not, neither in the
 * packaged archive:
 * - both get byte-identical neutral cards: everything the page's own script
 *   can read of them (host markup, attributes, box size, shadowRoot === null)
 *   is the same;
 * - the page's own click(), and mouse and key events it dispatches, do nothing,
 *   and its own attachShadow (replaced before the extension runs) catches no root;
 * - the user's real click on (a), and Tab and Enter to (b) (trusted input from
 *   the automation protocol), show the record for (a) and "not in your
 *   archive" for (b), read here through
 *   the closed shadow root with DevTools / WebDriver BiDi
 *   (harness/shadow-roots.ts), never readable by the page;
 * - after "use my archive on this site" in the popup, the site repairs (a)
 *   at once, with no click.
 * That the background never reads the user's archive before the click is
 * proved by tests/unit/user-archive-privacy.test.ts (timing is not assertable).
 */
import { describe, expect, it } from 'vitest';
import { type BrowserName, type TestPage } from './harness/browsers';
import { openPopupFor } from './harness/extension';
import { clickInCard, waitForCards, waitForCardsWhere, type CardView } from './harness/shadow-roots';
import { useBrowser } from './harness/suite';
import { chooseArchiveFiles, exportZipBase64, openArchiveOptions } from './harness/user-archive';

const HELD_TEXT = '@symatt Monocycle';
const NEUTRAL_BUTTON = 'Show from your archive';

/** In the page, as its own script: what it can read of what was added to it (probe.added(), the page's own list). */
function readAddedAsThePage() {
  const added = (window as unknown as { probe: { added(): Element[] } }).probe.added();
  // The outermost added elements: the card hosts.
  const hosts = added.filter((el) => !added.some((other) => other !== el && other.contains(el)));
  const originals = ['probe-held', 'probe-not-held'].map((id) => document.getElementById(id));
  return {
    hosts: hosts.map((host) => {
      const box = host.getBoundingClientRect();
      const style = getComputedStyle(host);
      return {
        outerHTML: host.outerHTML,
        attributes: host.getAttributeNames().map((name) => [name, host.getAttribute(name)]),
        shadowRoot: host.shadowRoot === null ? null : 'readable',
        width: box.width,
        height: box.height,
        display: style.display,
        childNodes: host.childNodes.length,
        // Which original it stands beside (the page's own ids), in document order.
        beside: originals.findIndex(
          (original) => original?.previousElementSibling === host || original?.nextElementSibling === host,
        ),
      };
    }),
    // Each original, as the page can see it after the repair (the tweet ids differ, the rest must not).
    originals: originals.map((original) => ({
      connected: original?.isConnected ?? false,
      attributes: (original?.getAttributeNames() ?? [])
        .filter((name) => name !== 'id')
        .map((name) => [name, original?.getAttribute(name)]),
      height: original?.getBoundingClientRect().height ?? null,
    })),
    text: document.body.textContent ?? '',
    innerText: document.body.innerText,
    selected: (() => {
      // Selecting the whole page, as copying it would.
      const selection = getSelection() as Selection;
      selection.selectAllChildren(document.body);
      const bodyText = selection.toString();
      document.execCommand('selectAll');
      const allText = selection.toString();
      selection.removeAllRanges();
      return `${bodyText}\n${allText}`;
    })(),
    /** Shadow roots the page caught with its own attachShadow. */
    captured: (window as unknown as { capturedRoots: ShadowRoot[] }).capturedRoots.length,
  };
}

/** In the page, as its own script: whether the focus is in the i-th card (its host is the active element). */
function isHostFocused(index: number): boolean {
  const added = (window as unknown as { probe: { added(): Element[] } }).probe.added();
  const hosts = added.filter((el) => !added.some((other) => other !== el && other.contains(el)));
  return document.activeElement === hosts[index];
}

/** In the page, as its own script: every way it has to "click" the cards without the user. */
function pressAsThePage() {
  const added = (window as unknown as { probe: { added(): Element[] } }).probe.added();
  const roots = (window as unknown as { capturedRoots: ShadowRoot[] }).capturedRoots;
  for (const host of added as HTMLElement[]) {
    // Any root it can reach: an open one, or one its own attachShadow caught.
    for (const root of [host.shadowRoot, ...roots.filter((r) => r.host === host)])
      for (const button of root?.querySelectorAll('button') ?? []) {
        button.click();
        button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      }
    host.click();
    host.focus();
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'])
      host.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true, cancelable: true }));
    for (const key of ['Enter', ' '])
      for (const type of ['keydown', 'keypress', 'keyup'])
        host.dispatchEvent(new KeyboardEvent(type, { key, bubbles: true, composed: true, cancelable: true }));
    const box = host.getBoundingClientRect();
    // Whatever is under each point of the card.
    for (let y = box.top + 2; y < box.bottom; y += 8) {
      const under = document.elementFromPoint(box.left + box.width / 2, y) as HTMLElement | null;
      under?.click();
    }
  }
}

describe.each(['chromium', 'firefox'] as BrowserName[])('%s: a hostile page and the user archive', (browserName) => {
  const fixture = useBrowser(browserName, { freshSettings: false });
  /** The probe, on an origin unrelated to the extension and to anything the user saved. */
  const probeUrl = () => fixture.server.url('hostile-user-archive.html').replace('127.0.0.1', 'other.test');

  it('the user imports the X export in the options page', async () => {
    const options = await openArchiveOptions(fixture.session);
    await chooseArchiveFiles(options, [
      { name: 'twitter-2023-07-02-sample.zip', type: 'application/zip', base64: await exportZipBase64() },
    ]);
    await options.waitFor(
      () => document.querySelector('.your-archive .counts')?.getAttribute('data-tweets') === '10',
      undefined,
      30_000,
    );
    await options.close();
  });

  async function openProbe(): Promise<{ page: TestPage; cards: CardView[] }> {
    const page = await fixture.openPage(probeUrl());
    const cards = await waitForCards(page, 2);
    return { page, cards };
  }

  it('gives an id the archive holds and one it does not the same neutral card, which only a real click opens', async () => {
    const { page, cards } = await openProbe();
    // Through DevTools: two closed roots, the same neutral card in each.
    expect(cards.map((card) => card.mode)).toEqual(['closed', 'closed']);
    expect(cards[0]).toEqual(cards[1]);
    expect(cards[0]?.text).toContain(NEUTRAL_BUTTON);
    expect(cards[0]?.text).not.toContain(HELD_TEXT);

    // As the page: two hosts, one beside each original, identical in all it can read.
    const seen = await page.evaluate(readAddedAsThePage);
    expect(seen.hosts).toHaveLength(2);
    const [held, notHeld] = seen.hosts;
    // tmp
    // tmp
    expect({ ...held, beside: 1 }).toEqual({ ...notHeld, beside: 1 });
    expect(held?.shadowRoot).toBeNull();
    expect(seen.captured).toBe(0);
    expect(held?.height).toBeGreaterThan(0);
    expect(seen.originals[0]).toEqual(seen.originals[1]);
    expect(seen.text).not.toContain(NEUTRAL_BUTTON);

    // The page tries every way to press the cards itself: nothing opens.
    await page.evaluate(pressAsThePage);
    // The user clicks the first card's button: its answer shows. The page's presses, made before,
    // would have been answered by now: the second card is still the neutral one.
    await clickInCard(page, 'button.reveal', 0);
    let after = await waitForCardsWhere(page, (cards) => !!cards[0]?.text.includes(HELD_TEXT));
    expect(after[0]?.mode).toBe('closed');
    expect(after[0]?.text).toContain('darkliquid');
    expect(after[1]).toEqual(cards[1]);

    // The second from the keyboard: Tab to its button (the page sees its host focused), then Enter.
    for (let i = 0; i < 12 && !(await page.evaluate(isHostFocused, 1)); i++) await page.press('Tab');
    expect(await page.evaluate(isHostFocused, 1)).toBe(true);
    await page.press('Enter');
    after = await waitForCardsWhere(page, (cards) => !!cards[1]?.text.includes('Not in your archive.'));
    expect(after[1]?.text).not.toContain(HELD_TEXT);

    // The page may tell the answers apart by size, but it never reads the record.
    const later = await page.evaluate(readAddedAsThePage);
    expect(later.hosts.map((host) => host.shadowRoot)).toEqual([null, null]);
    expect(later.text).not.toContain(HELD_TEXT);
    expect(later.innerText).not.toContain(HELD_TEXT);
    expect(later.selected).not.toContain(HELD_TEXT);
    await page.close();
  });

  it('after "use my archive on this site" in the popup, the site repairs the held id at once', async () => {
    const { page } = await openProbe();
    const { popup } = await openPopupFor(fixture.session, page.url());
    await popup.waitFor(() => document.getElementById('use-my-archive') !== null);
    expect(
      await popup.evaluate(() => ({
        checked: (document.getElementById('use-my-archive') as HTMLInputElement).checked,
        label: (document.getElementById('use-my-archive') as HTMLInputElement).labels?.[0]?.textContent,
      })),
    ).toEqual({ checked: false, label: 'Use my archive on other.test' });
    await popup.click('#use-my-archive');

    // The open tab is looked up again: the held tweet is repaired with no click, the other left as it is.
    const repairedAlone = (cards: CardView[]) => cards.length === 1 && !!cards[0]?.text.includes(HELD_TEXT);
    await waitForCardsWhere(page, repairedAlone);
    // A new visit too.
    await page.reload();
    await waitForCardsWhere(page, repairedAlone);
    expect((await page.evaluate(readAddedAsThePage)).hosts.map((host) => host.shadowRoot)).toEqual([null]);

    // Switched back off: the neutral cards again.
    await popup.waitFor(() => (document.getElementById('use-my-archive') as HTMLInputElement).checked);
    await popup.click('#use-my-archive');
    const neutral = await waitForCardsWhere(
      page,
      (cards) => cards.length === 2 && cards.every((card) => card.text.includes(NEUTRAL_BUTTON)),
    );
    expect(neutral[0]).toEqual(neutral[1]);
    await popup.close();
    await page.close();
  });
});
