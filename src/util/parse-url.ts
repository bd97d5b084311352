/**
 * An address as the URL standard parses it (against `base` when given), or
 * null when it is not one: `new URL` throws on anything it cannot parse, and
 * the text parsed here comes from pages and files.
 */
export function parseUrl(text: string, base?: string | URL): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}
