/**
 * "Show on page": a brief outline around an embed, drawn by an element of our
 * own laid over it, so that the page's nodes are never restyled. A plain
 * `div` with a closed shadow root, like the card: no name that gives the
 * extension away (docs/security.md, "Detection").
 */
import type { Clock } from './clock';

const HIGHLIGHT_MS = 1600;

/** Draws the outline and returns our element (it removes itself). */
export function highlightElement(document: Document, target: Element, clock: Clock): Element {
  const rect = target.getBoundingClientRect();
  const box = document.createElement('div');
  const shadow = box.attachShadow({ mode: 'closed' });
  const frame = document.createElement('div');
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText = [
    'position:fixed',
    `top:${rect.top - 6}px`,
    `left:${rect.left - 6}px`,
    `width:${rect.width + 12}px`,
    `height:${rect.height + 12}px`,
    'border:3px solid #1d6fb8',
    'border-radius:12px',
    'box-shadow:0 0 0 4px rgba(29,111,184,.25)',
    'pointer-events:none',
    'z-index:2147483647',
    'transition:opacity .4s ease-out',
  ].join(';');
  shadow.append(frame);
  document.documentElement.append(box);
  clock.setTimeout(() => {
    frame.style.opacity = '0';
    clock.setTimeout(() => box.remove(), 450);
  }, HIGHLIGHT_MS);
  return box;
}
