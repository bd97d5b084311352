/**
 * Options: the user's own archive. Import an X export (.zip) or saved pages
 * (.html), see what is there, export it as a file, delete it.
 *
 * The files are read here, in the options page, by the same importers the
 * command line uses (src/archive/importers/, pure and browser-safe), a slice
 * of the file at a time (a zip by its directory: an export's media are never
 * read), and the records are written straight into the extension's IndexedDB
 * (src/archive/user-archive.ts), which the background reads for repairs and
 * the popup. Nothing is sent anywhere: the files never leave the page, and
 * "Export" is a Blob URL download.
 *
 * An import is all or nothing (docs/security.md, "Hostile file"): every file
 * is read first, and the records are stored only when all of them were read;
 * they are stored in one transaction, which a quota error or a closed tab
 * undoes whole. A file that cannot be read is named, with the reason (a size
 * over a limit names the limit), and the archive stays as it was.
 */
import { blobSource } from '../archive/importers/byte-source';
import { importSource } from '../archive/importers/import-source';
import { formatBytes } from '../archive/importers/limits';
import { openUserArchive } from '../archive/user-archive';
import type { ImportContext } from '../archive/importers/context';
import type { ArchivedArticle, ArchivedTweet } from '../archive/schema';
import type { LearnedEntry, UserArchive, UserArchiveStats } from '../archive/user-archive';
import { formatDate, t } from '../i18n/t';
import { renderTweet } from '../tweet-view/tweet-view';
import { createButton, createElement, createExternalLink } from '../ui/dom';
import { startSearchIndex } from '../library/index-build';

export interface YourArchiveOptions {
  document: Document;
  archive: UserArchive;
  /** Parses saved pages (DOMParser and @mozilla/readability in the page), loaded on the first import. */
  loadContext: () => Promise<ImportContext>;
  /** Offers a file to the user: a Blob URL behind a download link. */
  download: (fileName: string, text: string) => void;
  /** How many tweets and articles the list shows. */
  listLimit?: number;
}

/** What the options page gives the section: the extension's IndexedDB, the browser's HTML parser and Readability. */
export function browserArchiveOptions(
  document: Document,
): Pick<YourArchiveOptions, 'document' | 'archive' | 'loadContext'> {
  let context: Promise<ImportContext> | undefined;
  return {
    document,
    archive: openUserArchive({ searchIndex: startSearchIndex }),
    // Readability is its own chunk of the extension, loaded from the extension itself on the first import only.
    loadContext: () =>
      (context ??= import('@mozilla/readability').then(({ Readability }) => {
        const parser = new DOMParser();
        // DOMParser documents never run scripts or load anything.
        return { parseHtml: (html: string) => parser.parseFromString(html, 'text/html'), Readability };
      })),
  };
}

/** The file kinds the picker offers; anything else is refused by the importers with a reason. */
const ACCEPT = '.zip,.html,.htm,.json,.jsonl,.ndjson,.txt,.md,.warc,.gz';

export async function renderYourArchiveSection(options: YourArchiveOptions): Promise<HTMLElement> {
  const { document, archive, loadContext, download } = options;
  const limit = options.listLimit ?? 50;
  const el = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    props?: Parameters<typeof createElement>[2],
    ...children: (Node | string)[]
  ) => createElement(document, tag, props, ...children);

  const section = el('section', { className: 'your-archive', attrs: { 'aria-labelledby': 'your-archive-heading' } });
  section.append(
    el('h2', { text: t('archiveHeading'), attrs: { id: 'your-archive-heading' } }),
    el('p', { text: t('archiveIntro') }),
  );

  // Import: a file picker, a progress bar and a status line read out as it changes.
  const input = el('input', {
    attrs: {
      type: 'file',
      id: 'your-archive-files',
      multiple: '',
      accept: ACCEPT,
      'aria-describedby': 'your-archive-kinds',
    },
  });
  const progress = el('progress', {
    attrs: { id: 'your-archive-progress', max: '1', value: '0', 'aria-label': t('archiveProgressLabel') },
  });
  progress.hidden = true;
  const status = el('p', { className: 'status', attrs: { role: 'status', id: 'your-archive-status' } });
  section.append(
    el(
      'div',
      { className: 'import field' },
      el('label', { text: t('archiveFilesLabel'), attrs: { for: 'your-archive-files' } }),
      input,
      el('p', { className: 'hint', text: t('archiveFilesHint'), attrs: { id: 'your-archive-kinds' } }),
      progress,
      status,
    ),
  );

  // What is there.
  const contents = el('div', { className: 'contents', attrs: { 'aria-live': 'polite' } });
  section.append(el('h3', { text: t('archiveContentsHeading') }), contents);

  // Export and delete (with a confirmation in the page, not a dialog box).
  const exportButton = createButton(document, t('archiveExport'), 'export');
  const deleteButton = createButton(document, t('archiveDelete'), 'delete');
  deleteButton.setAttribute('aria-expanded', 'false');
  deleteButton.setAttribute('aria-controls', 'your-archive-confirm');
  const confirmText = el('p', { attrs: { id: 'your-archive-confirm-text' } });
  const confirmYes = createButton(document, t('archiveDeleteYes'), 'confirm-delete danger');
  const confirmNo = createButton(document, t('archiveDeleteNo'), 'cancel-delete');
  const confirm = el(
    'div',
    {
      className: 'confirm',
      attrs: { id: 'your-archive-confirm', role: 'group', 'aria-labelledby': 'your-archive-confirm-text' },
    },
    confirmText,
    confirmYes,
    confirmNo,
  );
  confirm.hidden = true;
  section.append(el('div', { className: 'transfer' }, exportButton, deleteButton), confirm);

  let stats: UserArchiveStats = { tweets: 0, articles: 0, imports: [] };
  const refresh = async () => {
    try {
      stats = await archive.stats();
      const list = await archive.list(limit);
      contents.replaceChildren(...renderContents(document, stats, list.tweets, list.articles));
    } catch {
      stats = { tweets: 0, articles: 0, imports: [] };
      contents.replaceChildren(el('p', { className: 'error', text: t('archiveUnavailable') }));
    }
    const empty = stats.tweets + stats.articles === 0;
    exportButton.disabled = empty;
    deleteButton.disabled = empty;
  };

  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    if (!files.length) return;
    input.disabled = true;
    void loadContext()
      .then((context) => importFiles(files, { archive, context, progress, status }))
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        status.textContent = t('archiveImportFailed', [files.map((f) => f.name).join(', '), reason]);
      })
      .then(refresh)
      .finally(() => {
        input.disabled = false;
        input.value = '';
      });
  });

  exportButton.addEventListener('click', async () => {
    const exported = await archive.exportAll();
    download(`tweet-mender-archive-${exported.exportedAt.slice(0, 10)}.json`, `${JSON.stringify(exported, null, 2)}\n`);
    status.textContent = t('archiveExported', [String(exported.tweets.length), String(exported.articles.length)]);
  });

  const showConfirm = (open: boolean) => {
    confirm.hidden = !open;
    deleteButton.setAttribute('aria-expanded', String(open));
    if (open) {
      confirmText.textContent = t('archiveDeleteConfirm', [String(stats.tweets), String(stats.articles)]);
      confirmNo.focus();
    } else deleteButton.focus();
  };
  deleteButton.addEventListener('click', () => showConfirm(confirm.hidden !== false));
  confirmNo.addEventListener('click', () => showConfirm(false));
  confirmYes.addEventListener('click', async () => {
    await archive.clear();
    showConfirm(false);
    status.textContent = t('archiveDeleted');
    await refresh();
  });

  await refresh();
  return section;
}

interface ImportTargets {
  archive: UserArchive;
  context: ImportContext;
  progress: HTMLProgressElement;
  status: HTMLElement;
}

/**
 * Reads each file with the shared importers, then, only when every file was
 * read, stores every record at once (merged by the archive).
 */
async function importFiles(files: File[], { archive, context, progress, status }: ImportTargets): Promise<void> {
  const tweets: ArchivedTweet[] = [];
  const articles: ArchivedArticle[] = [];
  const learned: LearnedEntry[] = [];
  const problems: string[] = [];
  progress.hidden = false;
  progress.removeAttribute('value'); // indeterminate while reading
  try {
    for (const [index, file] of files.entries()) {
      status.textContent = t('archiveReading', [file.name, String(index + 1), String(files.length)]);
      await nextFrame();
      try {
        const result = await importSource({ file: file.name, bytes: blobSource(file) }, context);
        const found = result.tweets.length + result.articles.length + (result.learned?.length ?? 0);
        if (found === 0) problems.push(t('archiveNothingFound', file.name));
        tweets.push(...result.tweets);
        articles.push(...result.articles);
        learned.push(...(result.learned ?? []));
      } catch (error) {
        problems.push(t('archiveImportFailed', [file.name, error instanceof Error ? error.message : String(error)]));
      }
    }
    if (problems.length) {
      status.textContent = [...problems, t('archiveNothingImported')].join(' ');
      return;
    }
    await archive.addRecords({ tweets, articles, learned }, files.map((f) => f.name).join(', '), (done, total) => {
      progress.max = Math.max(total, 1);
      progress.value = done;
      status.textContent = t('archiveStoring', [String(done), String(total)]);
    });
    // Learned tweets of an export are tweets too (listed apart, under "Learn as you read").
    status.textContent = t('archiveImported', [String(tweets.length + learned.length), String(articles.length)]);
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'QuotaExceededError'
        ? await describeNoRoom()
        : error instanceof Error
          ? error.message
          : String(error);
    status.textContent = [
      t('archiveImportFailed', [files.map((f) => f.name).join(', '), reason]),
      t('archiveNothingImported'),
    ].join(' ');
  } finally {
    progress.hidden = true;
  }
}

/** The browser's storage is full: how much it allows this extension, when it says (StorageManager.estimate). */
async function describeNoRoom(): Promise<string> {
  const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => null);
  return estimate?.quota
    ? t('archiveNoRoomOf', [formatBytes(estimate.usage ?? 0), formatBytes(estimate.quota)])
    : t('archiveNoRoom');
}

const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function renderContents(
  document: Document,
  stats: UserArchiveStats,
  tweets: ArchivedTweet[],
  articles: ArchivedArticle[],
): HTMLElement[] {
  const el = <K extends keyof HTMLElementTagNameMap>(
    tag: K,
    props?: Parameters<typeof createElement>[2],
    ...children: (Node | string)[]
  ) => createElement(document, tag, props, ...children);
  const counts = el('p', {
    className: 'counts',
    text:
      stats.tweets + stats.articles === 0
        ? t('archiveEmpty')
        : t('archiveCounts', [String(stats.tweets), String(stats.articles)]),
    attrs: { 'data-tweets': String(stats.tweets), 'data-articles': String(stats.articles) },
  });
  const out: HTMLElement[] = [counts];
  if (stats.imports.length) {
    out.push(
      el('h4', { text: t('archiveImportsHeading') }),
      el(
        'ul',
        { className: 'imports' },
        ...stats.imports.map((entry) =>
          el('li', {
            text: t('archiveImportRow', [
              entry.name,
              formatDate(entry.importedAt),
              String(entry.tweets),
              String(entry.articles),
            ]),
          }),
        ),
      ),
    );
  }
  if (tweets.length) {
    out.push(
      el('h4', { text: t('archiveTweetsHeading', String(tweets.length)) }),
      el(
        'ul',
        { className: 'tweet-list' },
        ...tweets.map((tweet) => el('li', { attrs: { 'data-tweet-id': tweet.id } }, renderTweet(document, tweet))),
      ),
    );
  }
  if (articles.length) {
    out.push(
      el('h4', { text: t('archiveArticlesHeading', String(articles.length)) }),
      el(
        'ul',
        { className: 'article-list' },
        ...articles.map((article) =>
          el(
            'li',
            { attrs: { 'data-article-id': article.id } },
            createExternalLink(document, article.urls[0], article.title, 'article', 'title'),
            el('span', { className: 'hint', text: ` · ${t('archiveParagraphs', String(article.paragraphs.length))}` }),
          ),
        ),
      ),
    );
  }
  return out;
}
