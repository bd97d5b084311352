/**
 * The options page's "add a site or page" form: one pattern field with its label, the fields a
 * caller adds (the site rules' on/off select), an add button, and an error tied to the field
 * when the pattern is not a rule (src/sites/rules.ts). Both lists of site rules use it: the site
 * switch's (site-rules.ts) and the sites where nothing is learned (learning-exclusions.ts).
 */
import { t } from '../i18n/t';
import { formatRule, type SiteRule } from '../sites/rules';
import { createButton, createElement } from '../ui/dom';

export interface PatternFormOptions {
  /** Ids of the heading, the pattern field and the error (tests and labels find them). */
  ids: { heading: string; pattern: string; error: string };
  heading: { level: 'h3' | 'h4'; text: string };
  label: string;
  submit: string;
  /** Fields shown after the pattern's. */
  fields?: HTMLElement[];
  /** The rule the typed pattern makes (with the caller's fields), null when it makes none. */
  toRule: (pattern: string) => SiteRule | null;
  /** Called with the rule's line, as formatRule writes it. */
  onAdd: (line: string) => void;
  /** Empty the field once the rule is added. */
  clearOnAdd?: boolean;
}

export function renderPatternForm(document: Document, options: PatternFormOptions): HTMLFormElement {
  const { ids } = options;
  const form = createElement(document, 'form', { className: 'add-rule', attrs: { 'aria-labelledby': ids.heading } });
  const pattern = createElement(document, 'input', { attrs: { id: ids.pattern, autocomplete: 'off' } });
  pattern.type = 'text';
  pattern.required = true;
  pattern.placeholder = 'example.com';
  const label = createElement(document, 'label', { text: options.label });
  label.htmlFor = pattern.id;
  const error = createElement(document, 'p', { className: 'error', attrs: { id: ids.error, 'aria-live': 'polite' } });
  const submit = createButton(document, options.submit, 'add');
  submit.type = 'submit';
  form.append(
    createElement(document, options.heading.level, { text: options.heading.text, attrs: { id: ids.heading } }),
    createElement(document, 'div', { className: 'field' }, label, pattern),
    ...(options.fields ?? []),
    submit,
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const rule = options.toRule(pattern.value.trim());
    if (!rule) {
      error.textContent = t('optionsPatternInvalid');
      pattern.setAttribute('aria-invalid', 'true');
      pattern.setAttribute('aria-describedby', error.id);
      pattern.focus();
      return;
    }
    error.textContent = '';
    pattern.removeAttribute('aria-invalid');
    pattern.removeAttribute('aria-describedby');
    if (options.clearOnAdd) pattern.value = '';
    options.onAdd(formatRule(rule));
  });
  return form;
}
