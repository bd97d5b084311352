/**
 * The harness that reads closed shadow roots (harness/shadow-roots.ts),
 * judged on a page that keeps its own markup in closed and open roots and in
 * a frame: the page cannot reach into its closed roots, the harness can, in
 * both browsers, and its clicks are real input.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserName } from './harness/browsers';
import { clickInCard, inShadowRoots, readCards, waitForCards } from './harness/shadow-roots';
import { useBrowser } from './harness/suite';

describe.each(['chromium', 'firefox'] as BrowserName[])('%s', (browserName) => {
  const fixture = useBrowser(browserName, { freshSettings: false });

  it('reads closed shadow roots (and open ones, and those in frames) that the page itself cannot', async () => {
    const page = await fixture.openPage('closed-shadow.html');
    await page.waitFor(
      () => (document.getElementById('frame') as HTMLIFrameElement).contentDocument?.readyState === 'complete',
    );
    // The page's own view: the closed roots are not there.
    expect(
      await page.evaluate(() => [
        document.getElementById('closed-host')!.shadowRoot,
        (document.getElementById('frame') as HTMLIFrameElement).contentDocument!.getElementById('frame-host')!
          .shadowRoot,
        document.getElementById('open-host')!.shadowRoot?.mode,
      ]),
    ).toEqual([null, null, 'open']);

    const roots = await inShadowRoots(page, (root, host) => [
      host.id,
      root.mode,
      root.textContent,
      host.shadowRoot === null,
    ]);
    expect(roots).toEqual([
      ['closed-host', 'closed', 'Closed secret link Press', true],
      ['open-host', 'open', 'Open, not a card', false],
      ['frame-host', 'closed', 'Framed secret', true],
    ]);

    const cards = await waitForCards(page, 2);
    expect(cards).toEqual([
      {
        mode: 'closed',
        top: true,
        text: 'Closed secret link Press',
        label: 'Closed card',
        links: ['https://x.com/a/status/1'],
      },
      { mode: 'closed', top: false, text: 'Framed secret', label: 'In a frame', links: [] },
    ]);
    expect(await readCards(page)).toEqual(cards);

    // A click through the harness is real input: the page's handler sees isTrusted.
    await clickInCard(page, '.press');
    await page.waitFor(() => (window as unknown as { presses: boolean[] }).presses.length === 1);
    expect(await page.evaluate(() => (window as unknown as { presses: boolean[] }).presses)).toEqual([true]);
    await expect(clickInCard(page, '.missing')).rejects.toThrow('no ".missing" in card 0');
    await page.close();
  });
});
