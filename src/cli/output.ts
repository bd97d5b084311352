/** Where the CLI writes: process.stdout/stderr, or a test's buffer. */
export interface Output {
  write(text: string): unknown;
}

/** A mistake in how the command was called: exit code 2 and the usage. */
export class UsageError extends Error {}

/**
 * Control characters a terminal acts on: C0 but tab and newline (ESC starts
 * the sequences that move the cursor, recolour, retitle the window or write
 * to the clipboard), DEL, and C1 (U+009B is CSI on its own; ECMA-48 section 5.3,
 * https://ecma-international.org/publications-and-standards/standards/ecma-48/);
 * and the bidirectional overrides and isolates that reorder what a line
 * shows (https://trojansource.codes/).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text from an archive, a file name or an error, made safe to print: every
 * control character becomes its \uXXXX escape, so a tweet holding ESC
 * sequences is shown, never obeyed (docs/security.md, "CLI").
 */
export function escapeTerminal(text: string): string {
  return text.replace(CONTROL, escapeChar);
}

/** A file name (or any one-line value) for a message: newlines and tabs escaped too. */
export function showName(name: string): string {
  return escapeTerminal(name).replace(/[\n\t]/g, escapeChar);
}

/** An Output whose every write is escaped; `raw` is the stream itself (for the progress bar's own codes). */
export interface EscapingOutput extends Output {
  raw: Output;
}

export function escapingOutput(raw: Output): EscapingOutput {
  return { raw, write: (text: string) => raw.write(escapeTerminal(text)) };
}
