/**
 * The options an author set on an embed (docs/embed-forms.md#blockquote-options),
 * kept for the card that replaces it: its theme, width and alignment. The card
 * shows no media or threads, so data-cards and data-conversation have nothing
 * to act on.
 */
export interface EmbedOptions {
  theme: 'light' | 'dark' | null;
  /** data-width, in CSS pixels (X allows 250–550). */
  width: number | null;
  align: 'left' | 'center' | 'right' | null;
}

export function readEmbedOptions(nodes: readonly Element[]): EmbedOptions {
  const quote = nodes
    .map((node) => (node.matches('blockquote.twitter-tweet') ? node : node.querySelector('blockquote.twitter-tweet')))
    .find((el): el is Element => el !== null);
  const amp = nodes.find((node) => node.localName === 'amp-twitter');
  const source = quote ?? amp;
  if (!source) return { theme: null, width: null, align: null };
  const theme = source.getAttribute('data-theme');
  const width = Number.parseInt(source.getAttribute('data-width') ?? '', 10);
  const align = source.getAttribute('data-align') ?? (source.classList.contains('tw-align-center') ? 'center' : null);
  return {
    theme: theme === 'dark' || theme === 'light' ? theme : null,
    width: Number.isFinite(width) && width >= 180 && width <= 1000 ? width : null,
    align: align === 'left' || align === 'center' || align === 'right' ? align : null,
  };
}
