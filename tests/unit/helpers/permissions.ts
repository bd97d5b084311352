/**
 * What a manifest asks the user for, and what docs/store-listing.md justifies,
 * in one comparable form: "kind name" lines per browser. Used by the unit test
 * on wxt.config.ts and the content script (tests/unit/store-listing.test.ts)
 * and by the end-to-end test on the packages themselves
 * (tests/e2e/store-package.e2e.test.ts).
 */

export type Browser = 'chrome' | 'firefox';
export type PermissionKind =
  'permission' | 'host permission' | 'optional permission' | 'optional host permission' | 'content script';

export interface Asked {
  kind: PermissionKind;
  name: string;
}

/** The parts of a manifest that ask for access (MV3 and MV2 shapes alike). */
export interface ManifestAccess {
  permissions?: string[];
  host_permissions?: string[];
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
}

/** A match pattern ("https://*&#47;*", "<all_urls>"): MV2 lists host access among the permissions. */
const isMatchPattern = (name: string) => name === '<all_urls>' || name.includes('://');

/** Everything a manifest asks for, as sorted "kind: name" lines. */
export function listAsked(manifest: ManifestAccess): string[] {
  const asked: Asked[] = [];
  for (const name of manifest.permissions ?? [])
    asked.push({ kind: isMatchPattern(name) ? 'host permission' : 'permission', name });
  for (const name of manifest.host_permissions ?? []) asked.push({ kind: 'host permission', name });
  for (const name of manifest.optional_permissions ?? [])
    asked.push({ kind: isMatchPattern(name) ? 'optional host permission' : 'optional permission', name });
  for (const name of manifest.optional_host_permissions ?? []) asked.push({ kind: 'optional host permission', name });
  for (const script of manifest.content_scripts ?? [])
    for (const name of script.matches ?? []) asked.push({ kind: 'content script', name });
  return [...new Set(asked.map((a) => `${a.kind}: ${a.name}`))].sort();
}

const BROWSERS: Record<string, Browser> = { chrome: 'chrome', firefox: 'firefox' };

/**
 * The justified lines for a browser, from the table under "## Permissions" in
 * docs/store-listing.md: one row per thing asked, `| \`name\` | kind | browsers | why |`.
 * A row with an empty "why" does not count as justified.
 */
export function listJustified(markdown: string, browser: Browser): string[] {
  const section = /^## Permissions\n([\s\S]*?)(?=^## )/m.exec(markdown)?.[1] ?? '';
  const lines: string[] = [];
  for (const row of section.split('\n')) {
    const cells = row
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const name = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    if (!name || cells.length < 4 || !cells[3]) continue;
    const browsers = (cells[2] ?? '')
      .toLowerCase()
      .split(/[,\s]+/)
      .map((b) => BROWSERS[b]);
    if (browsers.includes(browser)) lines.push(`${cells[1]}: ${name}`);
  }
  return [...new Set(lines)].sort();
}
