/**
 * The options page's "Your own archive" section in happy-dom, over
 * fake-indexeddb: import an X export zip and a saved page through the file
 * input, see the counts and the list, export, delete with confirmation.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openUserArchive, type UserArchive, type UserArchiveExport } from '../../src/archive/user-archive';
import { nodeImportContext, readExportFolderBytes } from '../../src/cli/sources';
import { browserArchiveOptions, renderYourArchiveSection } from '../../src/options/your-archive';
import { ARTICLE_ID, FORMATS_DIR } from './helpers/archive-expected';
import { startSearchIndex } from '../../src/library/index-build';

const archives: UserArchive[] = [];
afterEach(() => {
  for (const a of archives.splice(0)) a.close();
  document.body.replaceChildren();
});

const EXPORT_FILES = await readExportFolderBytes(join(FORMATS_DIR, 'x-archive'));

function exportZip(): Uint8Array<ArrayBuffer> {
  const entries: Record<string, Uint8Array> = {};
  for (const [path, content] of EXPORT_FILES) entries[`twitter-export/${path}`] = content;
  return zipSync(entries) as Uint8Array<ArrayBuffer>;
}

async function mount(context = nodeImportContext) {
  const archive = openUserArchive({ indexedDB: new IDBFactory(), searchIndex: startSearchIndex });
  archives.push(archive);
  const download = vi.fn<(fileName: string, text: string) => void>();
  const section = await renderYourArchiveSection({ document, archive, loadContext: async () => context, download });
  document.body.append(section);
  const $ = <T extends Element>(selector: string) => section.querySelector(selector) as T;
  return { archive, download, section, $ };
}

async function choose(input: HTMLInputElement, files: File[]) {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change'));
}

describe('the "Your own archive" section', () => {
  it('labels every control, and starts empty with export and delete off', async () => {
    const { section, $ } = await mount();
    expect($('h2').textContent).toBe('Your own archive');
    expect(section.getAttribute('aria-labelledby')).toBe('your-archive-heading');
    const input = $<HTMLInputElement>('input[type="file"]');
    expect(section.querySelector(`label[for="${input.id}"]`)?.textContent).toBe('Files to import');
    expect(input.multiple).toBe(true);
    expect(input.getAttribute('aria-describedby')).toBe('your-archive-kinds');
    expect($('progress').getAttribute('aria-label')).toBe('Import progress');
    expect($('[role="status"]')).not.toBeNull();
    expect($('.counts').textContent).toBe('Nothing yet.');
    for (const button of section.querySelectorAll('button')) expect(button.textContent?.trim()).not.toBe('');
    expect($<HTMLButtonElement>('button.export').disabled).toBe(true);
    expect($<HTMLButtonElement>('button.delete').disabled).toBe(true);
  });

  it('imports an X export zip and a saved page, then lists what is there', async () => {
    const { $, section } = await mount();
    const zip = new File([exportZip()], 'twitter-2023-07-02.zip', { type: 'application/zip' });
    const page = new File(
      [readFileSync(join(FORMATS_DIR, 'article/singlefile-article.constructed.html'))],
      'story.html',
      {
        type: 'text/html',
      },
    );
    await choose($('input[type="file"]'), [zip, page]);
    // 11 records of the export (8 tweets, one from its header too, 2 likes) + the page's blockquote; merged by id.
    await vi.waitFor(() => expect($('.counts').getAttribute('data-tweets')).toBe('10'), { timeout: 10_000 });
    expect($('[role="status"]').textContent).toBe('Imported 12 tweet records and 1 articles.');
    expect($('.counts').getAttribute('data-articles')).toBe('1');
    expect($('.imports').textContent).toContain('twitter-2023-07-02.zip, story.html');
    const texts = [...section.querySelectorAll('.tweet-list .text')].map((p) => p.textContent);
    expect(texts).toContain('@SEGA Sonic 3 & Knuckles');
    // Each medium is named in words on its tweet (nothing is loaded), none with a description: the export's
    // photo (tweets.js), animated_gif and video (tweets-part1.js, extended_entities, no ext_alt_text), and the
    // page's pic.twitter.com link, which does not say what it links to.
    const media = [...section.querySelectorAll('.tweet-list .media li')].map((li) => li.textContent);
    expect(media.sort()).toEqual([
      'Attachment (the archive has no description of it)',
      'GIF (the archive has no description of it)',
      'Photo (the archive has no description of it)',
      'Video (the archive has no description of it)',
    ]);
    expect(section.querySelectorAll('img, video')).toHaveLength(0);
    expect(section.querySelector(`.article-list [data-article-id="${ARTICLE_ID}"]`)?.textContent).toContain(
      'How we fixed our broken tweet embeds',
    );
    expect($<HTMLProgressElement>('progress').hidden).toBe(true);
    expect($<HTMLInputElement>('input[type="file"]').disabled).toBe(false);
  });

  it("reads saved pages with the page's own DOMParser, as the options page does", async () => {
    const { loadContext, archive: unused } = browserArchiveOptions(document);
    unused.close();
    const { $ } = await mount(await loadContext());
    const page = new File(
      [readFileSync(join(FORMATS_DIR, 'article/wayback-article.constructed.html'))],
      'wayback.html',
    );
    await choose($('input[type="file"]'), [page]);
    await vi.waitFor(() => expect($('.counts').getAttribute('data-articles')).toBe('1'));
    expect($('[role="status"]').textContent).toBe('Imported 2 tweet records and 1 articles.');
  });

  it('says which file it could not read, and imports none of them: all or nothing', async () => {
    const { $, archive } = await mount();
    const bad = new File(['{"hello": 1}'], 'notes.json', { type: 'application/json' });
    const good = new File([readFileSync(join(FORMATS_DIR, 'oembed/oembed.hugo-test-fixture.json'))], 'hugo.json');
    await choose($('input[type="file"]'), [bad, good]);
    await vi.waitFor(() => expect($('[role="status"]').textContent).toContain('Nothing was imported'));
    expect($('[role="status"]').textContent).toContain('notes.json could not be read');
    expect($('[role="status"]').textContent).not.toContain('hugo.json');
    expect(await archive.stats()).toEqual({ tweets: 0, articles: 0, imports: [] });
    expect($('.counts').textContent).toBe('Nothing yet.');
    // Chosen again without the bad file, the good one goes in.
    await choose($('input[type="file"]'), [good]);
    await vi.waitFor(() => expect($('.counts').getAttribute('data-tweets')).toBe('1'));
    expect($('[role="status"]').textContent).toBe('Imported 1 tweet records and 0 articles.');
  });

  it('exports every record as a JSON file, offered for download', async () => {
    const { $, download } = await mount();
    await choose($('input[type="file"]'), [new File([exportZip()], 'x.zip')]);
    await vi.waitFor(() => expect($<HTMLButtonElement>('button.export').disabled).toBe(false));
    $<HTMLButtonElement>('button.export').click();
    await vi.waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    const [fileName, text] = download.mock.calls[0]!;
    expect(fileName).toMatch(/^tweet-mender-archive-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(text) as UserArchiveExport;
    expect(exported.format).toBe('tweet-mender-user-archive');
    expect(exported.tweets.map((t) => t.id)).toContain('1607434750175715329');
  });

  it('deletes everything only after confirming, and can be cancelled', async () => {
    const { $, archive } = await mount();
    await choose($('input[type="file"]'), [new File([exportZip()], 'x.zip')]);
    await vi.waitFor(() => expect($<HTMLButtonElement>('button.delete').disabled).toBe(false));
    const remove = $<HTMLButtonElement>('button.delete');
    remove.click();
    expect($<HTMLElement>('#your-archive-confirm').hidden).toBe(false);
    expect(remove.getAttribute('aria-expanded')).toBe('true');
    expect($('#your-archive-confirm-text').textContent).toBe(
      'Delete the 10 tweets and 0 articles you imported? This cannot be undone.',
    );
    expect(document.activeElement).toBe($('button.cancel-delete'));
    $<HTMLButtonElement>('button.cancel-delete').click();
    expect($<HTMLElement>('#your-archive-confirm').hidden).toBe(true);
    expect((await archive.stats()).tweets).toBe(10);

    remove.click();
    $<HTMLButtonElement>('button.confirm-delete').click();
    await vi.waitFor(() => expect($('.counts').textContent).toBe('Nothing yet.'));
    expect($('[role="status"]').textContent).toBe('Your archive is empty now.');
    expect(await archive.stats()).toEqual({ tweets: 0, articles: 0, imports: [] });
  });
});
