/** Where the CLI writes: process.stdout/stderr, or a test's buffer. */
export interface Output {
  write(text: string): unknown;
}

/** A mistake in how the command was called: exit code 2 and the usage. */
export class UsageError extends Error {}
