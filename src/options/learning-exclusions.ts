/**
 * Options: the sites (and pages) where nothing is learned although Tweet
 * Mender is on there (issue 14: "the same per-site rules as the site switch
 * (a site can be excluded)"). Kept as rule lines in the settings'
 * `learningRules` ("example.com off"), with the site switch's semantics
 * (src/sites/rules.ts): a site covers its subdomains, a page address that
 * page only. Added here, or with "Never learn on <site>" beside what a site
 * taught (learning.ts); removed one by one. Every change goes through the
 * background's merge (src/sites/settings.ts), like every other setting.
 */
import { t } from '../i18n/t';
import type { WebExtension } from '../messages/web-extension';
import { formatRule, parseRuleLine } from '../sites/rules';
import { updateSettings, type Settings } from '../sites/settings';
import { createButton, createElement } from '../ui/dom';
import { renderPatternForm } from './pattern-form';

export interface LearningExclusions {
  element: HTMLElement;
  /** Shows the lines of these settings. */
  show(settings: Settings): void;
  /** Excludes a site (a host name, or "file://"): what "Never learn on <site>" does. */
  exclude(site: string): Promise<void>;
}

export function renderLearningExclusions(document: Document, browser: WebExtension): LearningExclusions {
  const element = createElement(document, 'div', {
    className: 'learning-exclusions',
    attrs: { role: 'group', 'aria-labelledby': 'learning-excluded-heading' },
  });
  const list = createElement(document, 'ul', { className: 'rules', attrs: { 'aria-live': 'polite' } });
  const status = createElement(document, 'p', { className: 'status', attrs: { role: 'status' } });

  const save = async (change: (lines: string[]) => string[]) => {
    const saved = await updateSettings((s) => ({ ...s, learningRules: change([...s.learningRules]) }), browser);
    show(saved);
    status.textContent = t('optionsSaved');
  };
  const add = (line: string) => save((lines) => (lines.includes(line) ? lines : [...lines, line]));

  const show = (settings: Settings) => {
    const lines = settings.learningRules.filter((line) => line.trim() !== '');
    if (!lines.length) {
      list.replaceChildren(createElement(document, 'li', { className: 'empty', text: t('learningExcludedNone') }));
      return;
    }
    list.replaceChildren(
      ...lines.map((line) => {
        const rule = parseRuleLine(line);
        const pattern = rule?.pattern ?? line;
        const remove = createButton(
          document,
          rule?.enabled === false ? t('learningIncludeAgain') : t('optionsRemove'),
          'remove',
          t('learningIncludeAgainLabel', pattern),
        );
        remove.addEventListener('click', () => void save((now) => now.filter((l) => l !== line)));
        const state = rule?.enabled ? t('learningRuleOn') : t('learningRuleOff');
        return createElement(
          document,
          'li',
          { className: 'rule', attrs: { 'data-line': line } },
          createElement(document, 'span', { className: 'pattern', text: pattern }),
          createElement(document, 'span', { className: rule?.enabled ? 'state-on' : 'state-off', text: state }),
          remove,
        );
      }),
    );
  };

  const form = renderPatternForm(document, {
    ids: { heading: 'learning-exclude-heading', pattern: 'learning-exclude-pattern', error: 'learning-exclude-error' },
    heading: { level: 'h4', text: t('learningExcludeHeading') },
    label: t('learningExcludeLabel'),
    submit: t('learningExcludeAdd'),
    toRule: (pattern) => parseRuleLine(`${pattern} off`),
    onAdd: (line) => void add(line),
    clearOnAdd: true,
  });

  element.append(
    createElement(document, 'h3', { text: t('learningExcludedHeading'), attrs: { id: 'learning-excluded-heading' } }),
    createElement(document, 'p', { className: 'hint', text: t('learningExcludedExplain') }),
    list,
    form,
    status,
  );
  return {
    element,
    show,
    exclude: async (site) => {
      const rule = parseRuleLine(`${site || 'file://'} off`);
      if (rule) await add(formatRule(rule));
    },
  };
}
