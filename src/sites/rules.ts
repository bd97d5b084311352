/**
 * Per-site switch rules, with uBlock Origin's semantics for trusted sites
 * (https://github.com/gorhill/uBlock/wiki/How-to-mark-a-web-site-as-trusted):
 * a hostname covers its subdomains, a full URL covers that page only, and the
 * most specific matching rule wins. Rules are kept as text lines
 * ("example.com off", "https://example.com/a on") so that a line that does not
 * parse is kept and shown, never dropped.
 */
import { parseUrl } from '../util/parse-url';

export type SiteMode = 'everywhere-except' | 'only-listed';

export interface SiteRule {
  /** A hostname ("example.com") or a page ("https://example.com/path"). */
  pattern: string;
  scope: 'site' | 'page';
  enabled: boolean;
}

export interface ParsedRules {
  rules: SiteRule[];
  invalid: { line: string; index: number }[];
}

// Labels as browsers accept them in URLs (underscores included), or an IPv6 literal.
const HOSTNAME =
  /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$|^\[[0-9a-f:.]+\]$/;
/** The "site" of local files: one switch for every saved page on this computer. */
export const LOCAL_FILES = 'file://';

export function parseRuleLine(line: string): SiteRule | null {
  const parts = line.trim().split(/\s+/);
  if (parts.length !== 2) return null;
  const [rawPattern = '', state = ''] = parts;
  if (state !== 'on' && state !== 'off') return null;
  const enabled = state === 'on';
  if (rawPattern.toLowerCase() === LOCAL_FILES) return { pattern: LOCAL_FILES, scope: 'site', enabled };
  if (/^(https?|file):\/\//i.test(rawPattern)) {
    const page = normalizePageRule(rawPattern);
    return page ? { pattern: page, scope: 'page', enabled } : null;
  }
  // A legacy "*.example.com" means the same as "example.com" (Privacy Badger does the same).
  const host = rawPattern.toLowerCase().replace(/^\*\./, '');
  return HOSTNAME.test(host) ? { pattern: host, scope: 'site', enabled } : null;
}

export function parseRules(lines: readonly string[]): ParsedRules {
  const result: ParsedRules = { rules: [], invalid: [] };
  lines.forEach((line, index) => {
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    const rule = parseRuleLine(line);
    if (rule) result.rules.push(rule);
    else result.invalid.push({ line, index });
  });
  return result;
}

export function formatRule(rule: SiteRule): string {
  return `${rule.pattern} ${rule.enabled ? 'on' : 'off'}`;
}

/** A page rule's key: scheme, host and path (with query), no fragment. */
export function normalizePageRule(url: string): string | null {
  const u = parseUrl(url);
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'file:')) return null;
  return `${u.protocol}//${u.host.toLowerCase()}${u.pathname}${u.search}`;
}

/** The site a switch acts on: the hostname ("www." is the same site), or all local files. */
export function siteOf(url: URL): string | null {
  if (url.protocol === 'file:') return LOCAL_FILES;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.hostname.toLowerCase().replace(/^www\./, '');
}

/** Whether a site pattern covers a URL: the host itself and its subdomains. */
function siteCovers(site: string, url: URL): boolean {
  if (site === LOCAL_FILES) return url.protocol === 'file:';
  if (url.protocol === 'file:') return false;
  const host = url.hostname.toLowerCase();
  return host === site || host.endsWith(`.${site}`);
}

/** The rule that decides for this URL, or null when the mode's default applies. */
export function findDecidingRule(url: string, rules: readonly SiteRule[]): SiteRule | null {
  const parsed = parseUrl(url);
  if (!parsed) return null;
  const page = normalizePageRule(url);
  let best: SiteRule | null = null;
  for (const rule of rules) {
    if (rule.scope === 'page') {
      if (rule.pattern === page) return rule; // a page rule is the most specific there is
    } else if (siteCovers(rule.pattern, parsed) && (!best || rule.pattern.length > best.pattern.length)) {
      best = rule;
    }
  }
  return best;
}

export function isEnabledFor(url: string, mode: SiteMode, lines: readonly string[]): boolean {
  const rule = findDecidingRule(url, parseRules(lines).rules);
  return rule ? rule.enabled : mode === 'everywhere-except';
}

/**
 * The popup switch: turn a whole site (or one page) on or off. Rules that
 * would override the choice for that site (its subdomains and pages) are
 * removed, as uBlock Origin does when its switch is flipped back; a rule is
 * added only when the broader rules and the mode do not already give the
 * wanted state. Lines that do not parse are kept untouched.
 */
export function setEnabledFor(
  url: string,
  enabled: boolean,
  scope: 'site' | 'page',
  mode: SiteMode,
  lines: readonly string[],
): string[] {
  const parsed = parseUrl(url);
  if (!parsed) return [...lines];
  const site = siteOf(parsed);
  const page = normalizePageRule(url);
  if (!site || !page) return [...lines];
  const overrides = (rule: SiteRule | null): boolean => {
    if (!rule) return false;
    if (scope === 'page') return rule.scope === 'page' && rule.pattern === page;
    if (rule.scope === 'page') return siteCovers(site, new URL(rule.pattern));
    return rule.pattern === site || (site !== LOCAL_FILES && rule.pattern.endsWith(`.${site}`));
  };
  const kept = lines.filter((line) => !overrides(parseRuleLine(line)));
  if (isEnabledFor(url, mode, kept) !== enabled) {
    kept.push(formatRule({ pattern: scope === 'page' ? page : site, scope, enabled }));
  }
  return kept;
}
