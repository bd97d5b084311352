/**
 * The options page: one section per concern, in order.
 */
import type { WebExtension } from '../messages/web-extension';
import { renderLearningSection } from './learning';
import { renderSiteRulesSection } from './site-rules';
import { browserArchiveOptions, renderYourArchiveSection } from './your-archive';

export interface OptionsPageOptions {
  document: Document;
  browser: WebExtension;
}

export async function startOptions({ document, browser }: OptionsPageOptions): Promise<void> {
  // The tab's title is the page's localized heading (the HTML's <title> is the English fallback).
  document.title = document.querySelector('h1')?.textContent ?? document.title;
  const main = document.getElementById('app') as HTMLElement;
  const download = (fileName: string, text: string) => offerDownload(document, fileName, text);
  const archiveOptions = browserArchiveOptions(document);
  main.replaceChildren(
    await renderSiteRulesSection({ document, browser, download }),
    await renderLearningSection({ document, browser, archive: archiveOptions.archive }),
    await renderYourArchiveSection({
      ...archiveOptions,
      download: (fileName, text) => offerDownload(document, fileName, text, 'application/json'),
    }),
  );
  main.setAttribute('aria-busy', 'false');
}

/** A local file for the user: a Blob URL behind a temporary link, nothing uploaded. */
export function offerDownload(document: Document, fileName: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
