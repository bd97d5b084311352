/**
 * Per-site switch rules, with uBlock Origin's semantics
 * (shared/docs/anchors.md §2): a hostname covers its subdomains, a full URL
 * covers that page only, and the most specific matching rule wins. Rules are
 * kept as text lines ("example.com off", "https://example.com/a on") so that a
 * line that does not parse is kept and shown, never dropped.
 */

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

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function parseRuleLine(line: string): SiteRule | null {
  const parts = line.trim().split(/\s+/);
  if (parts.length !== 2) return null;
  const [rawPattern = '', state = ''] = parts;
  if (state !== 'on' && state !== 'off') return null;
  const enabled = state === 'on';
  if (/^https?:\/\//i.test(rawPattern)) {
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
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return `${u.protocol}//${u.host.toLowerCase()}${u.pathname}${u.search}`;
  } catch {
    return null;
  }
}

/** The hostname a site rule is written for: "www." is the same site. */
export function siteOf(hostname: string): string {
  return hostname.toLowerCase().replace(/^www\./, '');
}

function hostCovers(ruleHost: string, host: string): boolean {
  return host === ruleHost || host.endsWith(`.${ruleHost}`);
}

/** The rule that decides for this URL, or null when the mode's default applies. */
export function findDecidingRule(url: string, rules: readonly SiteRule[]): SiteRule | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = parsed.hostname.toLowerCase();
  const page = normalizePageRule(url);
  let best: SiteRule | null = null;
  for (const rule of rules) {
    if (rule.scope === 'page') {
      if (rule.pattern === page) return rule; // a page rule is the most specific there is
    } else if (hostCovers(rule.pattern, host) && (!best || rule.pattern.length > best.pattern.length)) {
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
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [...lines];
  }
  const site = siteOf(parsed.hostname);
  const page = normalizePageRule(url);
  const overrides = (rule: SiteRule | null): boolean => {
    if (!rule) return false;
    if (scope === 'page') return rule.scope === 'page' && rule.pattern === page;
    if (rule.scope === 'page') return hostCovers(site, new URL(rule.pattern).hostname);
    return hostCovers(site, rule.pattern);
  };
  const kept = lines.filter((line) => !overrides(parseRuleLine(line)));
  if (isEnabledFor(url, mode, kept) !== enabled) {
    kept.push(formatRule({ pattern: scope === 'page' ? (page as string) : site, scope, enabled }));
  }
  return kept;
}
