/**
 * The library view (reader.html with no entry): browse everything archived,
 * or search it as you type, offline. Results open in the reader.
 */
import type { LibraryItem, LibraryPage } from './types';
import { formatDate, t } from '../i18n/t';
import { createButton, createElement } from '../ui/dom';

export const PAGE_SIZE = 20;
/** Typing pauses this long before a query goes out: instant, without a query per keystroke. */
const TYPING_PAUSE_MS = 120;

export type SearchLibrary = (query: string, offset: number, limit: number) => Promise<LibraryPage>;

export function renderLibraryView(document: Document, search: SearchLibrary, initialQuery = ''): HTMLElement {
  const root = createElement(document, 'section', {
    className: 'library',
    attrs: { 'aria-labelledby': 'library-heading' },
  });
  const heading = createElement(document, 'h1', { text: t('libraryHeading'), attrs: { id: 'library-heading' } });
  const form = createElement(document, 'form', { className: 'library-search', attrs: { role: 'search' } });
  const input = createElement(document, 'input', {
    attrs: { id: 'library-search', type: 'search', autocomplete: 'off', spellcheck: 'false' },
  });
  input.placeholder = t('librarySearchPlaceholder');
  input.value = initialQuery;
  const label = createElement(document, 'label', { text: t('librarySearchLabel') });
  label.htmlFor = input.id;
  form.append(label, input);
  const status = createElement(document, 'p', {
    className: 'library-status',
    attrs: { role: 'status', id: 'library-status' },
  });
  const list = createElement(document, 'ul', {
    className: 'library-results',
    attrs: { 'aria-labelledby': 'library-heading' },
  });
  const more = createButton(document, t('libraryShowMore'), 'show-more');
  more.id = 'library-more';
  more.hidden = true;
  root.append(heading, form, status, list, more);

  let generation = 0;
  let shown = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const load = async (append: boolean) => {
    const mine = ++generation;
    const query = input.value.trim();
    root.setAttribute('aria-busy', 'true');
    let page: LibraryPage;
    try {
      page = await search(query, append ? shown : 0, PAGE_SIZE);
    } catch {
      if (mine === generation) status.textContent = t('libraryFailed');
      root.setAttribute('aria-busy', 'false');
      return;
    }
    // A newer query went out meanwhile: its answer wins.
    if (mine !== generation) return;
    if (!append) {
      list.replaceChildren();
      shown = 0;
    }
    for (const item of page.items) list.append(renderItem(document, item, query));
    shown += page.items.length;
    more.hidden = shown >= page.total;
    status.textContent = query
      ? page.total
        ? t('libraryFound', String(page.total))
        : t('libraryNoResults', query)
      : page.total
        ? t('libraryCount', String(page.total))
        : t('libraryEmpty');
    root.setAttribute('aria-busy', 'false');
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void load(false), TYPING_PAUSE_MS);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    void load(false);
  });
  more.addEventListener('click', () => void load(true));
  void load(false);
  return root;
}

function renderItem(document: Document, item: LibraryItem, query: string): HTMLElement {
  const li = createElement(document, 'li', {
    className: `library-item kind-${item.kind}`,
    attrs: { 'data-kind': item.kind, 'data-id': item.id },
  });
  const link = createElement(document, 'a', { className: 'item-title' });
  link.href = `reader.html?${item.kind}=${encodeURIComponent(item.id)}`;
  link.append(...highlight(document, item.title, query));
  const meta = [
    item.kind === 'article' ? t('libraryKindArticle') : t('libraryKindTweet'),
    item.siteName,
    item.date ? formatDate(item.date) : null,
    item.source === 'user' ? t('librarySourceUser') : t('librarySourcePackaged'),
  ].filter((part): part is string => !!part);
  li.append(
    createElement(document, 'h2', { className: 'item-heading' }, link),
    createElement(document, 'p', { className: 'item-meta', text: meta.join(' · ') }),
  );
  if (item.snippet)
    li.append(createElement(document, 'p', { className: 'snippet' }, ...highlight(document, item.snippet, query)));
  return li;
}

/** The query's words marked in a text (as <mark> elements around text nodes: never HTML). */
export function highlight(document: Document, text: string, query: string): Node[] {
  const words = query
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}@_]+/u)
    .filter((w) => w.length > 0);
  if (!words.length) return [document.createTextNode(text)];
  const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  const nodes: Node[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0;
    if (at > last) nodes.push(document.createTextNode(text.slice(last, at)));
    nodes.push(createElement(document, 'mark', { text: match[0] }));
    last = at + match[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}
