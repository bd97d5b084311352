/**
 * `npm start`: builds the extension, serves the demo page (a page like the one
 * the seed article came from) on localhost, and opens Chromium with the
 * extension loaded on it. With no display it runs headless: it prints the page
 * report and saves screenshots of the page and the popup to .output/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'wxt';
import { launch } from '../tests/e2e/harness/browsers';
import { openPopupFor, readReport } from '../tests/e2e/harness/extension';
import { startPageServer } from '../tests/e2e/harness/server';
import { inShadowRoots, waitForCards } from '../tests/e2e/harness/shadow-roots';

const OUT = resolve(import.meta.dirname, '../.output');
const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.argv.includes('--headless');

async function main(): Promise<void> {
  console.log('Building the extension (Chrome, Manifest V3)…');
  await build({ browser: 'chrome', logger: { ...console, debug() {}, info() {}, success() {} } as never });

  const server = await startPageServer(8717).catch(() => startPageServer(0));
  const pageUrl = server.url('demo-page.html');
  console.log(`Serving the demo page at ${pageUrl}`);
  const session = await launch('chromium', { headed });
  try {
    const page = await session.newPage();
    await page.goto(pageUrl);
    await waitForCards(page, 1, 30_000);
    const { popup, tabId } = await openPopupFor(session, pageUrl);
    await popup.waitFor(() => document.querySelectorAll('.archived-article .paragraph').length > 0);
    const report = await readReport(popup, tabId);
    const article = await popup.evaluate(() => ({
      title: document.querySelector('.archived-article .title')?.textContent ?? '',
      provenance: document.querySelector('.archived-article .provenance')?.textContent ?? '',
      paragraphs: document.querySelectorAll('.archived-article .paragraph').length,
    }));

    console.log(
      `\nPage report for ${report.url} (Tweet Mender ${report.enabled ? 'on' : 'off'} for ${report.hostname})`,
    );
    for (const embed of report.embeds) {
      console.log(`  - ${embed.status.padEnd(9)} ${embed.kind.padEnd(18)} ${embed.tweetUrl ?? '(no tweet link)'}`);
    }
    console.log(`\nArchived text shown in the popup: "${article.title}"`);
    console.log(`  ${article.provenance}; ${article.paragraphs} paragraphs, read offline from the packaged archive.`);

    mkdirSync(OUT, { recursive: true });
    await page.bringToFront();
    await inShadowRoots(page, (_root, host) => host.scrollIntoView({ block: 'center' }));
    await page.screenshot(resolve(OUT, 'demo.png'));
    await popup.screenshot(resolve(OUT, 'demo-popup.png'), true);
    console.log(`\nScreenshots: ${resolve(OUT, 'demo.png')} and ${resolve(OUT, 'demo-popup.png')}`);

    if (headed) {
      await page.bringToFront();
      console.log('\nThe browser stays open: try the popup and the site switch. Press Ctrl+C here to stop.');
      await new Promise<void>((done) => process.once('SIGINT', () => done()));
    }
  } finally {
    await session.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
