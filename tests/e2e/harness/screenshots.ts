/**
 * The pictures the end-to-end runs take of the product: the README's
 * (docs/screenshots/, light and dark, taken by the accessibility test) and the
 * stores' (docs/store/, 1280 × 800, taken from the packaged extension by
 * tests/e2e/store-package.e2e.test.ts; docs/store-listing.md#screenshots
 * lists them).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Session, TestPage } from './browsers';
import { inShadowRoots } from './shadow-roots';

export const README_SCREENSHOTS = resolve(import.meta.dirname, '../../../docs/screenshots');
export const STORE_SCREENSHOTS = resolve(import.meta.dirname, '../../../docs/store');

/** Size of the store screenshots: the Chrome Web Store's, which AMO accepts too. */
export const STORE_SIZE = { width: 1280, height: 800 };

/** The tallest a popup gets: browsers cap it at 600 px. */
const POPUP_MAX_HEIGHT = 600;

/** Brings the page's repair card to the middle of the window. */
export async function showCard(page: TestPage): Promise<void> {
  await page.bringToFront();
  await inShadowRoots(page, (_shadow, host) => host.scrollIntoView({ block: 'center' }));
}

/**
 * The README's pictures for one theme: the repaired page (for the dark theme,
 * a dark page: the card wears the page's look, not the system's), the popup
 * and the reader, all in the system theme of the run.
 */
export async function takeReadmeScreenshots(
  theme: 'light' | 'dark',
  shots: { repairedPage: TestPage; popup: TestPage; reader: TestPage },
): Promise<void> {
  mkdirSync(README_SCREENSHOTS, { recursive: true });
  await showCard(shots.repairedPage);
  await shots.repairedPage.screenshot(resolve(README_SCREENSHOTS, `repaired-page-${theme}.png`));
  await shots.popup.screenshot(resolve(README_SCREENSHOTS, `popup-${theme}.png`));
  await shots.reader.screenshot(resolve(README_SCREENSHOTS, `reader-${theme}.png`));
}

/**
 * The popup as the browser shows it, over the page at the top right: a
 * headless browser has no toolbar to open it from, so the two screenshots of
 * the run are put together in a blank tab of the same size.
 */
export async function composePopupOverPage(
  session: Session,
  pagePng: string,
  popup: TestPage,
  popupPng: string,
  out: string,
): Promise<void> {
  const size = await popup.evaluate(() => ({
    width: Math.ceil(document.body.getBoundingClientRect().width),
    height: document.documentElement.scrollHeight,
  }));
  const canvas = await session.newPage();
  await canvas.evaluate(
    (images: { page: string; popup: string; width: number; height: number }) => {
      document.body.style.cssText = 'margin:0;overflow:hidden';
      const page = document.createElement('img');
      page.src = images.page;
      page.style.cssText = 'position:absolute;left:0;top:0';
      const frame = document.createElement('div');
      frame.style.cssText =
        `position:absolute;right:12px;top:8px;width:${images.width}px;height:${images.height}px;overflow:hidden;` +
        'border:1px solid rgba(0,0,0,.25);border-radius:8px;box-shadow:0 8px 28px rgba(0,0,0,.3);background:#fff';
      const popup = document.createElement('img');
      popup.src = images.popup;
      popup.style.cssText = 'display:block';
      frame.append(popup);
      document.body.append(page, frame);
      return Promise.all([page.decode(), popup.decode()]);
    },
    {
      page: `data:image/png;base64,${readFileSync(pagePng).toString('base64')}`,
      popup: `data:image/png;base64,${readFileSync(popupPng).toString('base64')}`,
      width: size.width,
      height: Math.min(size.height, POPUP_MAX_HEIGHT),
    },
  );
  await canvas.screenshot(out);
  await canvas.close();
}
