import { parseUrl } from './parse-url';

/** The host name of an address ("www.wsws.org"), or null when there is no address or it does not parse. */
export function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  return parseUrl(url)?.hostname ?? null;
}
