/**
 * Options: where Tweet Mender runs. The mode (everywhere except listed sites,
 * or only on listed sites) and the rules, listed one by one with their state,
 * editable as text, exportable and importable. Lines that do not parse are
 * kept and shown, never dropped (uBlock Origin keeps them as comments); a
 * file that is not rules at all is refused (src/sites/rules-file.ts).
 */
import { formatBytes } from '../archive/importers/limits';
import type { WebExtension } from '../messages/web-extension';
import { addRuleLines, readRulesFile, RULES_FILE_LIMITS, type RulesFileProblem } from '../sites/rules-file';
import { parseRuleLine, type SiteMode } from '../sites/rules';
import { readSettings, saveSettings, updateSettings, watchSettings, type Settings } from '../sites/settings';
import { t } from '../i18n/t';
import { createButton, createElement } from '../ui/dom';
import { renderPatternForm } from './pattern-form';

export interface SiteRulesOptions {
  document: Document;
  browser: WebExtension;
  /** Offers a file to the user (a Blob URL behind a download link: nothing leaves the browser). */
  download: (fileName: string, text: string) => void;
  /** Lets the page breathe during a long import (a macrotask by default). */
  pause?: () => Promise<void>;
}

/** Rules listed one by one at most; beyond, the text editor holds them all (a list of 100,000 helps no one). */
export const MAX_LISTED_RULES = 1000;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The section's controls are made once and kept: when the settings change
 * elsewhere (the popup, the shortcut, another options tab), the mode and the
 * list follow, and the text editor follows too unless it holds edits not
 * saved yet, which it keeps (saving merges them with what changed elsewhere).
 */
export async function renderSiteRulesSection({
  document,
  browser,
  download,
  pause = nextTask,
}: SiteRulesOptions): Promise<HTMLElement> {
  const section = createElement(document, 'section', {
    className: 'site-rules',
    attrs: { 'aria-labelledby': 'site-rules-heading' },
  });
  const heading = createElement(document, 'h2', {
    text: t('optionsRulesHeading'),
    attrs: { id: 'site-rules-heading' },
  });
  const status = createElement(document, 'p', { className: 'status', attrs: { role: 'status' } });
  let settings = await readSettings();

  const save = async (change: (s: Settings) => Settings, message: string) => {
    show(await updateSettings(change, browser));
    status.textContent = message;
  };

  const mode = renderMode(
    document,
    settings.mode,
    (value) => void save((s) => ({ ...s, mode: value }), t('optionsSaved')),
  );
  const list = createElement(document, 'div', { className: 'rule-list' });
  const renderList = (lines: string[]) =>
    renderRuleList(
      document,
      list,
      lines,
      (line) => void save((s) => ({ ...s, rules: s.rules.filter((l) => l !== line) }), t('optionsRuleRemoved')),
    );
  const editor = renderTextEditor(document, settings.rules, async (base, lines) => {
    // From the lines the editor was loaded with to the lines as edited: merged with what changed since.
    const saved = await saveSettings({ ...settings, rules: base }, { ...settings, rules: lines }, browser);
    show(saved);
    status.textContent = t('optionsSaved');
    return saved.rules;
  });
  const transfer = renderTransfer(document, {
    rules: () => settings.rules,
    download,
    pause,
    status,
    onImport: (name, lines, invalid) =>
      save(
        (s) => ({ ...s, rules: addRuleLines(s.rules, lines) }),
        invalid
          ? t('optionsImportedInvalid', [String(lines.length), String(invalid), name])
          : t('optionsImported', String(lines.length)),
      ),
  });
  const show = (next: Settings) => {
    settings = next;
    mode.update(next.mode);
    renderList(next.rules);
    editor.update(next.rules);
  };
  renderList(settings.rules);
  section.append(
    heading,
    mode.element,
    list,
    renderAddForm(document, (line) => void save((s) => ({ ...s, rules: [...s.rules, line] }), t('optionsRuleAdded'))),
    editor.element,
    transfer,
    status,
  );
  // The popup and the keyboard shortcut change rules too: stay in step.
  watchSettings(show);
  return section;
}

function renderMode(
  document: Document,
  mode: SiteMode,
  onChange: (mode: SiteMode) => void,
): { element: HTMLElement; update: (mode: SiteMode) => void } {
  const fieldset = createElement(document, 'fieldset', { className: 'mode' });
  fieldset.append(createElement(document, 'legend', { text: t('optionsModeLegend') }));
  const inputs: HTMLInputElement[] = [];
  for (const [value, label] of [
    ['everywhere-except', t('optionsModeEverywhere')],
    ['only-listed', t('optionsModeOnlyListed')],
  ] as const) {
    const id = `mode-${value}`;
    const input = createElement(document, 'input', { attrs: { id, name: 'mode', value } });
    input.type = 'radio';
    input.checked = mode === value;
    input.addEventListener('change', () => input.checked && onChange(value));
    inputs.push(input);
    const labelEl = createElement(document, 'label', { text: label });
    labelEl.htmlFor = id;
    fieldset.append(createElement(document, 'div', { className: 'choice' }, input, labelEl));
  }
  return {
    element: fieldset,
    update: (current) => {
      for (const input of inputs) input.checked = input.value === current;
    },
  };
}

function renderRuleList(
  document: Document,
  wrap: HTMLElement,
  lines: string[],
  onRemove: (line: string) => void,
): void {
  // Re-rendering replaces the buttons: keep the keyboard focus at the same place in the list.
  const buttons = [...wrap.querySelectorAll('button')];
  const focused = buttons.indexOf(document.activeElement as HTMLButtonElement);
  wrap.replaceChildren(createElement(document, 'h3', { text: t('optionsRulesListHeading') }));
  const rows = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.trim() !== '' && !line.trim().startsWith('#'));
  if (!rows.length) {
    wrap.append(createElement(document, 'p', { className: 'empty', text: t('optionsNoRules') }));
    return;
  }
  const list = createElement(document, 'ul', { className: 'rules' });
  for (const { line } of rows.slice(0, MAX_LISTED_RULES)) {
    const rule = parseRuleLine(line);
    const li = createElement(document, 'li', {
      className: rule ? 'rule' : 'rule invalid',
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
    remove.addEventListener('click', () => onRemove(line));
    li.append(remove);
    list.append(li);
  }
  wrap.append(list);
  if (rows.length > MAX_LISTED_RULES) {
    wrap.append(
      createElement(document, 'p', {
        className: 'hint more-rules',
        text: t('optionsRulesListCapped', [String(MAX_LISTED_RULES), String(rows.length)]),
      }),
    );
  }
  if (focused >= 0) (wrap.querySelectorAll('button')[focused] ?? wrap.querySelector('button'))?.focus();
}

function renderAddForm(document: Document, onAdd: (line: string) => void): HTMLElement {
  const state = createElement(document, 'select', { attrs: { id: 'rule-state' } });
  state.append(
    createElement(document, 'option', { text: t('optionsRuleOff'), attrs: { value: 'off' } }),
    createElement(document, 'option', { text: t('optionsRuleOn'), attrs: { value: 'on' } }),
  );
  const stateLabel = createElement(document, 'label', { text: t('optionsStateLabel') });
  stateLabel.htmlFor = state.id;
  return renderPatternForm(document, {
    ids: { heading: 'add-rule-heading', pattern: 'rule-pattern', error: 'rule-error' },
    heading: { level: 'h3', text: t('optionsAddHeading') },
    label: t('optionsPatternLabel'),
    submit: t('optionsAdd'),
    fields: [createElement(document, 'div', { className: 'field' }, stateLabel, state)],
    toRule: (pattern) => parseRuleLine(`${pattern} ${state.value}`),
    onAdd,
  });
}

function renderTextEditor(
  document: Document,
  lines: string[],
  onSave: (base: string[], lines: string[]) => Promise<string[]>,
): { element: HTMLElement; update: (rules: string[]) => void } {
  const details = createElement(document, 'details', { className: 'text-editor' });
  details.append(createElement(document, 'summary', { text: t('optionsEditAsText') }));
  const textarea = createElement(document, 'textarea', { attrs: { id: 'rules-text', rows: '8', spellcheck: 'false' } });
  /** The rules the text was loaded from: what a save changes from. */
  let base = lines;
  textarea.value = base.join('\n');
  const label = createElement(document, 'label', { text: t('optionsRulesTextLabel') });
  label.htmlFor = textarea.id;
  const changed = createElement(document, 'p', {
    className: 'hint changed-elsewhere',
    text: t('optionsRulesChangedElsewhere'),
  });
  changed.hidden = true;
  const unsaved = () => textarea.value !== base.join('\n');
  const save = createButton(document, t('optionsSave'), 'save-text');
  save.addEventListener('click', async () => {
    const saved = await onSave(
      base,
      textarea.value.split('\n').filter((line) => line.trim() !== ''),
    );
    base = saved;
    textarea.value = saved.join('\n');
    changed.hidden = true;
  });
  details.append(
    createElement(document, 'p', { className: 'hint', text: t('optionsRulesSyntax') }),
    label,
    textarea,
    changed,
    save,
  );
  return {
    element: details,
    update(rules) {
      if (rules.join('\n') === base.join('\n')) return;
      // Unsaved edits stay; saving merges them with what changed elsewhere.
      if (unsaved()) {
        changed.hidden = false;
        return;
      }
      base = rules;
      textarea.value = rules.join('\n');
    },
  };
}

interface TransferOptions {
  rules: () => string[];
  download: SiteRulesOptions['download'];
  pause: () => Promise<void>;
  status: HTMLElement;
  onImport: (name: string, lines: string[], invalid: number) => Promise<void>;
}

function renderTransfer(document: Document, options: TransferOptions): HTMLElement {
  const { download, status } = options;
  const wrap = createElement(document, 'div', { className: 'transfer' });
  const exportButton = createButton(document, t('optionsExportRules'), 'export-rules');
  exportButton.addEventListener('click', () =>
    download('tweet-mender-site-rules.txt', `${options.rules().join('\n')}\n`),
  );
  const input = createElement(document, 'input', { attrs: { id: 'import-rules', accept: '.txt,text/plain' } });
  input.type = 'file';
  const label = createElement(document, 'label', { text: t('optionsImportRules') });
  label.htmlFor = input.id;
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    input.disabled = true;
    try {
      // The size first: a file too large to be rules is never read.
      const read =
        file.size > RULES_FILE_LIMITS.bytes
          ? { problem: { kind: 'too-large' as const, size: file.size } }
          : await readRulesFile(new Uint8Array(await file.arrayBuffer()), {
              pause: options.pause,
              onProgress: (done, total) =>
                (status.textContent = t('optionsImportReading', [file.name, String(done), String(total)])),
            });
      if ('problem' in read) status.textContent = t('optionsImportRefused', [file.name, describeProblem(read.problem)]);
      else await options.onImport(file.name, read.lines, read.invalid);
    } finally {
      input.value = '';
      input.disabled = false;
    }
  });
  wrap.append(exportButton, createElement(document, 'span', { className: 'import' }, label, input));
  return wrap;
}

function describeProblem(problem: RulesFileProblem): string {
  switch (problem.kind) {
    case 'too-large':
      return t('optionsRulesFileTooLarge', [formatBytes(problem.size), formatBytes(RULES_FILE_LIMITS.bytes)]);
    case 'long-line':
      return t('optionsRulesFileLongLine', [
        String(problem.line),
        String(problem.length),
        String(RULES_FILE_LIMITS.lineLength),
      ]);
    default:
      return t('optionsRulesFileBinary');
  }
}
