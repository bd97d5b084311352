/**
 * Which theme the card should wear: the page's own, not the system's. A dark
 * card on a light article (or the reverse) looks like an advert; the
 * discourse-twitter-native-embed component makes the same choice from the
 * luminance of the page's computed background
 * (https://github.com/netgamers-forum/discourse-twitter-native-embed).
 */
export type CardTheme = 'light' | 'dark';

export function readPageTheme(element: Element): CardTheme {
  const view = element.ownerDocument.defaultView;
  if (!view) return 'light';
  for (let el: Element | null = element; el; el = el.parentElement) {
    const rgb = parseColor(view.getComputedStyle(el).backgroundColor);
    if (rgb && rgb.alpha > 0.5) return luminance(rgb) < 0.4 ? 'dark' : 'light';
  }
  // No background anywhere: the canvas is dark only if the page opted into a dark scheme.
  const scheme = view.getComputedStyle(element.ownerDocument.documentElement).colorScheme ?? '';
  return scheme.includes('dark') && view.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function parseColor(value: string): { r: number; g: number; b: number; alpha: number } | null {
  const match = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(value.trim());
  if (!match) return null;
  const alpha = match[4] === undefined ? 1 : match[4].endsWith('%') ? parseFloat(match[4]) / 100 : parseFloat(match[4]);
  return { r: Number(match[1]), g: Number(match[2]), b: Number(match[3]), alpha };
}

/** Relative luminance (WCAG 2.x). */
function luminance({ r, g, b }: { r: number; g: number; b: number }): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}
