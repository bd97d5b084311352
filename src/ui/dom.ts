/**
 * Small DOM builders for the extension's own UI. Text always goes in through
 * textContent (page and archive text are never parsed as HTML).
 */
import { safeArticleUrl, safeTweetUrl } from './safe-url';

export interface ElementProps {
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
}

export function createElement<K extends keyof HTMLElementTagNameMap>(
  document: Document,
  tag: K,
  props: ElementProps = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/**
 * A link out of the extension: only https tweet permalinks and https article
 * pages qualify; anything else renders as plain text.
 */
export function createExternalLink(
  document: Document,
  href: string | null | undefined,
  text: string,
  kind: 'tweet' | 'article',
  className?: string,
): HTMLElement {
  const safe = kind === 'tweet' ? safeTweetUrl(href) : safeArticleUrl(href);
  if (!safe) return createElement(document, 'span', { className, text });
  const a = createElement(document, 'a', { className, text });
  a.href = safe;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

export function createButton(document: Document, text: string, className: string, label?: string): HTMLButtonElement {
  const button = createElement(document, 'button', { className, text });
  button.type = 'button';
  if (label) button.setAttribute('aria-label', label);
  return button;
}
