/**
 * `npm run icons`: draws the toolbar and store icons from their SVG sources
 * (assets/icon/icon.svg, and icon-off.svg for tabs whose site is switched
 * off) at every size Chrome and Firefox ask for, into public/icon/, by
 * rendering each SVG in the system Chromium (playwright-core; no browser is
 * downloaded). The PNGs are committed, so that a build needs no browser; the
 * hashes of the sources and of what was drawn from them go into
 * assets/icon/generated.json, which tests/unit/icons.test.ts checks against
 * the files, so that an SVG changed without running this (or a PNG changed by
 * hand) fails a test.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, assertBrowsersInstalled } from '../tests/e2e/harness/system-browsers';
import { ICON_RECORD, ICON_SIZES, ICON_SOURCES, iconPath, type IconRecord } from '../src/background/icons';

const ROOT = resolve(import.meta.dirname, '..');

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

async function main(): Promise<void> {
  assertBrowsersInstalled(['chromium']);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const record: IconRecord = { generator: 'scripts/build-icons.ts', sources: {}, outputs: {} };
  try {
    mkdirSync(resolve(ROOT, 'public/icon'), { recursive: true });
    for (const [variant, source] of Object.entries(ICON_SOURCES)) {
      const svg = readFileSync(resolve(ROOT, source));
      record.sources[source] = sha256(svg);
      for (const size of ICON_SIZES) {
        const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
        // The SVG as an image, scaled by the browser to the size asked for, on a transparent page.
        await page.setContent(
          `<!doctype html><html><body style="margin:0;background:transparent">` +
            `<img width="${size}" height="${size}" style="display:block" src="data:image/svg+xml;base64,${svg.toString('base64')}">` +
            `</body></html>`,
        );
        await page.waitForFunction(() => document.images[0]?.complete === true);
        const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
        await page.close();
        const out = iconPath(variant as keyof typeof ICON_SOURCES, size);
        writeFileSync(resolve(ROOT, 'public', out), png);
        record.outputs[`public/${out}`] = sha256(png);
        console.log(`public/${out}  ${size}x${size}`);
      }
    }
  } finally {
    await browser.close();
  }
  writeFileSync(resolve(ROOT, ICON_RECORD), `${JSON.stringify(record, null, 2)}\n`);
  console.log(`Wrote ${ICON_RECORD}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
