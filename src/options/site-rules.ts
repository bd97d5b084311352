/**
 * Options: where Tweet Mender runs. The mode (everywhere except listed sites,
 * or only on listed sites) and the rules, listed one by one with their state,
 * editable as text, exportable and importable. Lines that do not parse are
 * kept and shown, never dropped (uBlock Origin keeps them as comments).
 */
import type { WebExtension } from '../messages/protocol';
import { formatRule, parseRuleLine, parseRules, type SiteMode } from '../sites/rules';
import { readSettings, updateSettings, watchSettings, type Settings } from '../sites/settings';
import { t } from '../i18n/t';
import { createButton, createElement } from '../ui/dom';

export interface SiteRulesOptions {
  document: Document;
  browser: WebExtension;
  /** Offers a file to the user (a Blob URL behind a download link: nothing leaves the browser). */
  download: (fileName: string, text: string) => void;
}

export async function renderSiteRulesSection({ document, download }: SiteRulesOptions): Promise<HTMLElement> {
  const section = createElement(document, 'section', {
    className: 'site-rules',
    attrs: { 'aria-labelledby': 'site-rules-heading' },
  });
  const heading = createElement(document, 'h2', {
    text: t('optionsRulesHeading'),
    attrs: { id: 'site-rules-heading' },
  });
  const status = createElement(document, 'p', { className: 'status', attrs: { role: 'status' } });
  const body = createElement(document, 'div');
  section.append(heading, body, status);

  const save = async (change: (s: Settings) => Settings, message: string) => {
    await updateSettings(change);
    status.textContent = message;
  };

  const render = (settings: Settings) => {
    const focusedId = document.activeElement?.id;
    body.replaceChildren(
      renderMode(document, settings.mode, (mode) => void save((s) => ({ ...s, mode }), t('optionsSaved'))),
      renderRuleList(
        document,
        settings.rules,
        (index) => void save((s) => ({ ...s, rules: s.rules.filter((_, i) => i !== index) }), t('optionsRuleRemoved')),
      ),
      renderAddForm(document, (line) => void save((s) => ({ ...s, rules: [...s.rules, line] }), t('optionsRuleAdded'))),
      renderTextEditor(
        document,
        settings.rules,
        (lines) => void save((s) => ({ ...s, rules: lines }), t('optionsSaved')),
      ),
      renderTransfer(
        document,
        settings.rules,
        download,
        (lines) =>
          void save(
            (s) => ({ ...s, rules: [...s.rules, ...lines.filter((line) => !s.rules.includes(line))] }),
            t('optionsImported', String(lines.length)),
          ),
      ),
    );
    if (focusedId) document.getElementById(focusedId)?.focus();
  };

  render(await readSettings());
  // The popup and the keyboard shortcut change rules too: stay in step.
  watchSettings(render);
  return section;
}

function renderMode(document: Document, mode: SiteMode, onChange: (mode: SiteMode) => void): HTMLElement {
  const fieldset = createElement(document, 'fieldset', { className: 'mode' });
  fieldset.append(createElement(document, 'legend', { text: t('optionsModeLegend') }));
  for (const [value, label] of [
    ['everywhere-except', t('optionsModeEverywhere')],
    ['only-listed', t('optionsModeOnlyListed')],
  ] as const) {
    const id = `mode-${value}`;
    const input = createElement(document, 'input', { attrs: { id, name: 'mode', value } });
    input.type = 'radio';
    input.checked = mode === value;
    input.addEventListener('change', () => input.checked && onChange(value));
    const labelEl = createElement(document, 'label', { text: label });
    labelEl.htmlFor = id;
    fieldset.append(createElement(document, 'div', { className: 'choice' }, input, labelEl));
  }
  return fieldset;
}

function renderRuleList(document: Document, lines: string[], onRemove: (index: number) => void): HTMLElement {
  const wrap = createElement(document, 'div', { className: 'rule-list' });
  wrap.append(createElement(document, 'h3', { text: t('optionsRulesListHeading') }));
  const { invalid } = parseRules(lines);
  const invalidIndexes = new Set(invalid.map((i) => i.index));
  const rows = lines
    .map((line, index) => ({ line, index, rule: parseRuleLine(line) }))
    .filter(({ line }) => line.trim() !== '' && !line.trim().startsWith('#'));
  if (!rows.length) {
    wrap.append(createElement(document, 'p', { className: 'empty', text: t('optionsNoRules') }));
    return wrap;
  }
  const list = createElement(document, 'ul', { className: 'rules' });
  for (const { line, index, rule } of rows) {
    const li = createElement(document, 'li', {
      className: invalidIndexes.has(index) ? 'rule invalid' : 'rule',
      attrs: { 'data-rule': line },
    });
    if (rule) {
      li.append(
        createElement(document, 'span', { className: 'pattern', text: rule.pattern }),
        createElement(document, 'span', {
          className: `state state-${rule.enabled ? 'on' : 'off'}`,
          text: rule.enabled ? t('optionsRuleOn') : t('optionsRuleOff'),
        }),
        createElement(document, 'span', {
          className: 'scope',
          text: rule.scope === 'page' ? t('optionsScopePage') : t('optionsScopeSite'),
        }),
      );
    } else {
      li.append(
        createElement(document, 'span', { className: 'pattern', text: line }),
        createElement(document, 'span', { className: 'problem', text: t('optionsRuleInvalid') }),
      );
    }
    const remove = createButton(document, t('optionsRemove'), 'remove', t('optionsRemoveRule', line.trim()));
    remove.addEventListener('click', () => onRemove(index));
    li.append(remove);
    list.append(li);
  }
  wrap.append(list);
  return wrap;
}

function renderAddForm(document: Document, onAdd: (line: string) => void): HTMLElement {
  const form = createElement(document, 'form', {
    className: 'add-rule',
    attrs: { 'aria-labelledby': 'add-rule-heading' },
  });
  form.append(createElement(document, 'h3', { text: t('optionsAddHeading'), attrs: { id: 'add-rule-heading' } }));
  const pattern = createElement(document, 'input', { attrs: { id: 'rule-pattern', autocomplete: 'off' } });
  pattern.type = 'text';
  pattern.required = true;
  pattern.placeholder = 'example.com';
  const patternLabel = createElement(document, 'label', { text: t('optionsPatternLabel') });
  patternLabel.htmlFor = pattern.id;
  const state = createElement(document, 'select', { attrs: { id: 'rule-state' } });
  state.append(
    createElement(document, 'option', { text: t('optionsRuleOff'), attrs: { value: 'off' } }),
    createElement(document, 'option', { text: t('optionsRuleOn'), attrs: { value: 'on' } }),
  );
  const stateLabel = createElement(document, 'label', { text: t('optionsStateLabel') });
  stateLabel.htmlFor = state.id;
  const error = createElement(document, 'p', {
    className: 'error',
    attrs: { id: 'rule-error', 'aria-live': 'polite' },
  });
  const add = createButton(document, t('optionsAdd'), 'add');
  add.type = 'submit';
  form.append(
    createElement(document, 'div', { className: 'field' }, patternLabel, pattern),
    createElement(document, 'div', { className: 'field' }, stateLabel, state),
    add,
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const line = `${pattern.value.trim()} ${state.value}`;
    if (!parseRuleLine(line)) {
      error.textContent = t('optionsPatternInvalid');
      pattern.setAttribute('aria-invalid', 'true');
      pattern.setAttribute('aria-describedby', error.id);
      pattern.focus();
      return;
    }
    onAdd(formatRule(parseRuleLine(line)!));
  });
  return form;
}

function renderTextEditor(document: Document, lines: string[], onSave: (lines: string[]) => void): HTMLElement {
  const details = createElement(document, 'details', { className: 'text-editor' });
  details.append(createElement(document, 'summary', { text: t('optionsEditAsText') }));
  const textarea = createElement(document, 'textarea', { attrs: { id: 'rules-text', rows: '8', spellcheck: 'false' } });
  textarea.value = lines.join('\n');
  const label = createElement(document, 'label', { text: t('optionsRulesTextLabel') });
  label.htmlFor = textarea.id;
  const save = createButton(document, t('optionsSave'), 'save-text');
  save.addEventListener('click', () => onSave(textarea.value.split('\n').filter((line) => line.trim() !== '')));
  details.append(
    createElement(document, 'p', { className: 'hint', text: t('optionsRulesSyntax') }),
    label,
    textarea,
    save,
  );
  return details;
}

function renderTransfer(
  document: Document,
  lines: string[],
  download: SiteRulesOptions['download'],
  onImport: (lines: string[]) => void,
): HTMLElement {
  const wrap = createElement(document, 'div', { className: 'transfer' });
  const exportButton = createButton(document, t('optionsExportRules'), 'export-rules');
  exportButton.addEventListener('click', () => download('tweet-mender-site-rules.txt', `${lines.join('\n')}\n`));
  const input = createElement(document, 'input', { attrs: { id: 'import-rules', accept: '.txt,text/plain' } });
  input.type = 'file';
  const label = createElement(document, 'label', { text: t('optionsImportRules') });
  label.htmlFor = input.id;
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const text = await file.text();
    // Every line is kept as written; the ones that do not parse are shown as such.
    onImport(text.split(/\r?\n/).filter((line) => line.trim() !== ''));
    input.value = '';
  });
  wrap.append(exportButton, createElement(document, 'span', { className: 'import' }, label, input));
  return wrap;
}
