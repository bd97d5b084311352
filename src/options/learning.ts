/**
 * Options: learn as you read (issue 14). One switch, off until the user turns
 * it on, and the sentence that says what it keeps, where, and that nothing
 * leaves the browser. The choice is a field of the settings (learning), saved
 * through the background like every other change (src/sites/settings.ts),
 * and it applies only where Tweet Mender is on: a site switched off in the
 * section above learns nothing (src/sites/stored-settings.ts, learnsOn).
 *
 * Below the switch, the sites where nothing is learned (learning-exclusions.ts),
 * then what was learned: each tweet with the page and the time
 * it was seen, the count and the cap, and ways to forget one tweet, what one
 * site taught, or everything learned. They are read from and deleted in the
 * user's archive (IndexedDB, this page's own origin) directly, as the import
 * above writes it.
 */
import type { LearnedEntry, UserArchive } from '../archive/user-archive';
import type { WebExtension } from '../messages/web-extension';
import { formatDate, t } from '../i18n/t';
import { renderTweet } from '../tweet-view/tweet-view';
import { readSettings, updateSettings, watchSettings, type Settings } from '../sites/settings';
import { createButton, createElement } from '../ui/dom';
import { renderLearningExclusions } from './learning-exclusions';

export interface LearningOptions {
  document: Document;
  browser: WebExtension;
  archive: Pick<UserArchive, 'listLearned' | 'forgetLearned'>;
  /** How many learned tweets the list shows (the newest seen). */
  listLimit?: number;
}

export async function renderLearningSection({
  document,
  browser,
  archive,
  listLimit = 50,
}: LearningOptions): Promise<HTMLElement> {
  const section = createElement(document, 'section', {
    className: 'learning',
    attrs: { 'aria-labelledby': 'learning-heading' },
  });
  const input = createElement(document, 'input', {
    attrs: { role: 'switch', 'aria-describedby': 'learning-explain' },
  });
  input.type = 'checkbox';
  input.id = 'learning-switch';
  const label = createElement(document, 'label', { text: t('learningSwitch') });
  label.htmlFor = input.id;
  const status = createElement(document, 'p', { className: 'status', attrs: { role: 'status' } });

  const exclusions = renderLearningExclusions(document, browser);
  const learned = createElement(document, 'div', { className: 'learned', attrs: { 'aria-live': 'polite' } });
  const forget = async (which: Parameters<typeof archive.forgetLearned>[0]) => {
    await archive.forgetLearned(which);
    status.textContent = t('learningForgotten');
    await refresh();
  };
  const refresh = async () => {
    try {
      const list = await archive.listLearned(listLimit);
      learned.replaceChildren(
        ...renderLearned(document, list, {
          forget: (which) => void forget(which),
          exclude: (site) => void exclusions.exclude(site),
        }),
      );
    } catch {
      learned.replaceChildren(createElement(document, 'p', { className: 'error', text: t('archiveUnavailable') }));
    }
  };

  const show = (settings: Settings) => {
    input.checked = settings.learning;
    exclusions.show(settings);
  };
  show(await readSettings());
  // Not disabled while saving: a disabled control drops the keyboard focus.
  input.addEventListener('change', () => {
    const learning = input.checked;
    void updateSettings((s) => ({ ...s, learning }), browser).then((saved) => {
      show(saved);
      status.textContent = t('optionsSaved');
    });
  });
  section.append(
    createElement(document, 'h2', { text: t('learningHeading'), attrs: { id: 'learning-heading' } }),
    createElement(document, 'div', { className: 'switch-row' }, input, label),
    createElement(document, 'p', { className: 'hint', text: t('learningExplain'), attrs: { id: 'learning-explain' } }),
    status,
    exclusions.element,
    learned,
  );
  await refresh();
  // Another options tab may change it too: stay in step.
  watchSettings(show);
  return section;
}

interface LearnedActions {
  forget: (which: { id: string } | { site: string } | 'all') => void;
  /** Excludes a site from learning (learning-exclusions.ts). */
  exclude: (site: string) => void;
}

function renderLearned(
  document: Document,
  { total, cap, entries }: { total: number; cap: number; entries: LearnedEntry[] },
  { forget, exclude }: LearnedActions,
): HTMLElement[] {
  const count = createElement(document, 'p', {
    className: 'learned-count',
    text: total === 0 ? t('learningEmpty') : t('learningCount', [String(total), String(cap)]),
    attrs: { 'data-total': String(total), 'data-cap': String(cap) },
  });
  if (total === 0) return [count];
  const list = createElement(
    document,
    'ul',
    { className: 'learned-list' },
    ...entries.map((entry) => {
      const button = createButton(document, t('learningForget'), 'forget');
      button.addEventListener('click', () => forget({ id: entry.id }));
      return createElement(
        document,
        'li',
        { attrs: { 'data-tweet-id': entry.id } },
        renderTweet(document, entry.tweet),
        createElement(document, 'p', {
          className: 'hint seen',
          text: t('learningSeenRow', [entry.pageUrl, formatDate(entry.seenAt)]),
        }),
        button,
      );
    }),
  );
  // Per site the listed tweets were seen on: forget what it taught, never learn there again; then everything.
  const sites = [...new Set(entries.map((entry) => entry.site))];
  const actions = createElement(document, 'div', { className: 'transfer' });
  for (const site of sites) {
    const button = createButton(document, t('learningForgetSite', site || 'file:'), 'forget-site');
    button.setAttribute('data-site', site);
    button.addEventListener('click', () => forget({ site }));
    const never = createButton(document, t('learningNeverSite', site || 'file:'), 'never-site');
    never.setAttribute('data-site', site);
    never.addEventListener('click', () => exclude(site));
    actions.append(button, never);
  }
  const all = createButton(document, t('learningForgetAll'), 'forget-all danger');
  all.addEventListener('click', () => forget('all'));
  actions.append(all);
  return [count, list, actions];
}
