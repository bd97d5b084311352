/**
 * A rules file offered for import (options page): refused with its reason
 * when it is not a text file of rules (NUL bytes, not UTF-8, control
 * characters, a line no rule could be, larger than a rules file ever is),
 * so that a binary file never becomes thousands of garbage lines; otherwise
 * its lines, checked a chunk at a time with a pause between chunks, so that
 * 100,000 lines keep the page responsive (docs/security.md, "Hostile file").
 */
import { parseRuleLine } from './rules';

export const RULES_FILE_LIMITS = {
  /** 100,000 rules of 40 characters are 4 MiB. */
  bytes: 16 * 1024 * 1024,
  /** A rule is a host name (253 characters at most) or a page address. */
  lineLength: 4096,
  /** Lines checked between two pauses. */
  chunk: 5000,
} as const;

export type RulesFileProblem =
  { kind: 'too-large'; size: number } | { kind: 'binary' } | { kind: 'long-line'; line: number; length: number };

export type RulesFile = { lines: string[]; invalid: number } | { problem: RulesFileProblem };

// C0 controls other than tab, line feed and carriage return: text files of rules have none.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface ReadRulesOptions {
  /** Lets the page breathe between chunks (a macrotask in the page; a counter in tests). */
  pause: () => Promise<void>;
  /** Lines checked so far, of all. */
  onProgress?: (done: number, total: number) => void;
}

/** The rules of a file's bytes, or why it is refused. Linear in the file's size. */
export async function readRulesFile(bytes: Uint8Array, options: ReadRulesOptions): Promise<RulesFile> {
  if (bytes.length > RULES_FILE_LIMITS.bytes) return { problem: { kind: 'too-large', size: bytes.length } };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problem: { kind: 'binary' } };
  }
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const lines: string[] = [];
  let invalid = 0;
  for (let start = 0; start < all.length; start += RULES_FILE_LIMITS.chunk) {
    if (start > 0) await options.pause();
    const end = Math.min(all.length, start + RULES_FILE_LIMITS.chunk);
    for (let i = start; i < end; i++) {
      const line = all[i] as string;
      if (line.length > RULES_FILE_LIMITS.lineLength)
        return { problem: { kind: 'long-line', line: i + 1, length: line.length } };
      if (CONTROL.test(line)) return { problem: { kind: 'binary' } };
      if (line.trim() === '') continue;
      // Every line is kept as written; the ones that do not parse are counted, and shown as such.
      if (!line.trim().startsWith('#') && !parseRuleLine(line)) invalid++;
      lines.push(line);
    }
    options.onProgress?.(end, all.length);
  }
  return { lines, invalid };
}

/** `current` and then the lines of `added` it does not have yet, each once. Linear: one set. */
export function addRuleLines(current: readonly string[], added: readonly string[]): string[] {
  const seen = new Set(current);
  const out = [...current];
  for (const line of added) {
    if (seen.has(line)) continue;
    seen.add(line);
    out.push(line);
  }
  return out;
}
