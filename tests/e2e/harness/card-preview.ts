/**
 * The card component in an extension page, for axe: cards on web pages sit
 * in closed shadow roots that axe cannot enter, so the e2e tests render the
 * same component (bundles/card-preview.ts) into open roots of one of the
 * extension's own pages, with the match the packaged archive gives for the
 * seed page's embed. Nothing test-only ships in the extension: the bundle is
 * built here and evaluated through the automation protocol.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { matchEmbed } from '../../../src/archive/lookup';
import { fingerprintText, titleFingerprints } from '../../../src/archive/keys';
import { openPackagedArchive } from '../../../src/archive/packaged-archive';
import type { Session, TestPage } from './browsers';
import { bundleForBrowser } from './bundle';
import { SEED } from './seed';
import type { Preview } from '../bundles/card-preview';

const PACKAGED = resolve(import.meta.dirname, '../../../assets/archive/packaged');
const SEED_TWEET = '1501707808009506816';

/** What the packaged archive answers for the seed page's embed (the card the demo page shows). */
async function seedMatch() {
  const archive = openPackagedArchive(async (path) => JSON.parse(readFileSync(resolve(PACKAGED, path), 'utf8')));
  const near = (paragraphs: string[]) => paragraphs.map((p) => fingerprintText(p)).filter((f) => f !== null);
  const match = await matchEmbed(
    archive,
    { urls: [], titles: titleFingerprints(SEED.title) },
    {
      tweetId: SEED_TWEET,
      before: near(SEED.paragraphs.slice(0, 3).reverse()),
      after: near(SEED.paragraphs.slice(3, 6)),
    },
  );
  if (!match?.article) throw new Error('the packaged archive has no match for the seed embed');
  const article = await archive.getArticle(match.article.id);
  return { match, article };
}

/**
 * Opens an extension page showing the seed card on a light and on a dark page, one of each
 * expanded, then three neutral cards (light, dark, light: the last for a test to click).
 */
export async function openCardPreview(session: Session): Promise<TestPage> {
  const { match, article } = await seedMatch();
  const page = await session.openExtensionPage('popup.html?tab=none');
  // The popup's own rendering done, its body is ours.
  await page.waitFor(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
  await page.evaluateScript(await bundleForBrowser('tests/e2e/bundles/card-preview.ts'));
  const tweetUrl = `https://x.com/WSWS_Updates/status/${SEED_TWEET}`;
  const previews: Preview[] = [
    { background: '#ffffff', match, tweetUrl, article, expand: false },
    { background: '#121417', match, tweetUrl, article, expand: false },
    { background: '#ffffff', match, tweetUrl, article, expand: true },
    { background: '#121417', match, tweetUrl, article, expand: true },
    // The neutral card (the user's own archive may hold the embed), and one for the test to click.
    { background: '#ffffff', match, tweetUrl, article, expand: false, neutral: true },
    { background: '#121417', match, tweetUrl, article, expand: false, neutral: true },
    { background: '#ffffff', match, tweetUrl, article, expand: false, neutral: true },
  ];
  await page.evaluate(
    (models: Preview[]) =>
      (globalThis as unknown as { TestBundle: { render(p: Preview[]): Promise<void> } }).TestBundle.render(models),
    previews,
  );
  return page;
}
