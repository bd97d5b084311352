/**
 * JSON as the importers read it: integers too large for a double stay
 * strings made of their raw bytes (docs/data-formats.md#ids-are-strings), and the X export's
 * `window.YTD.… = [ … ]` assignments are read as data, never evaluated (docs/data-formats.md#script-assignments).
 */

/** Integers with more digits than this can lose precision as a double (2^53 ≈ 9.007·10^15). */
const SAFE_DIGITS = 15;

/**
 * JSON.parse, except that an integer literal of more than 15 digits becomes
 * the string of its digits. Strings are skipped whole, so digits inside them
 * are never touched. Only numbers outside strings are rewritten.
 */
export function parseJsonKeepingBigInts(text: string): unknown {
  let out = '';
  let last = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if ((c >= 48 && c <= 57) || c === 45 /* - */) {
      const start = i;
      if (c === 45) i++;
      while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      const next = text.charCodeAt(i);
      const isInteger = next !== 46 /* . */ && next !== 101 /* e */ && next !== 69; /* E */
      const digits = i - start - (c === 45 ? 1 : 0);
      if (isInteger && digits > SAFE_DIGITS) {
        out += `${text.slice(last, start)}"${text.slice(start, i)}"`;
        last = i;
      }
      continue;
    }
    i++;
  }
  return JSON.parse(last === 0 ? text : out + text.slice(last));
}

/**
 * The value assigned in an export data file: `window.YTD.tweets.part0 = [...]`,
 * `window.__THAR_CONFIG = {...}`, or Grailbird's `Grailbird.data.tweets_2015_01 = [...]`.
 * Tolerates a BOM, a trailing semicolon and plain JSON.
 */
export function parseScriptAssignment(text: string): unknown {
  const body = text
    .replace(/^\uFEFF/, '')
    .replace(/^\s*(?:window\.)?[A-Za-z_$][\w$]*(?:\.[\w$]+)*\s*=\s*/, '')
    .replace(/;\s*$/, '');
  return parseJsonKeepingBigInts(body);
}

/** The global an export data file assigns, e.g. "YTD.tweets.part1", or null. */
export function assignedGlobal(text: string): string | null {
  const match = /^\uFEFF?\s*(?:window\.)?([A-Za-z_$][\w$]*(?:\.[\w$]+)*)\s*=/.exec(text);
  return match?.[1] ?? null;
}

/** A value as a JSON object, or null. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A string field, or null when absent or not a string. */
export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A count that may be a number or, in the export, a string of digits (docs/data-formats.md#numbers-as-strings). */
export function count(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return null;
}

/**
 * An id field: strings only (docs/data-formats.md#ids-are-strings). A raw-bytes string from
 * parseJsonKeepingBigInts qualifies.
 */
export function idString(value: unknown): string | null {
  if (typeof value === 'string') return /^[1-9][0-9]{0,19}$/.test(value) ? value : null;
  // Up to 15 digits a double is exact, and parseJsonKeepingBigInts left anything longer a string.
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? String(value) : null;
}
