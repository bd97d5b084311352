/**
 * What a command of `tweet-mender archive` is (one file each under
 * commands/, listed in commands/index.ts), what it is given, and the option
 * parsing they share.
 */
import { parseArgs } from 'node:util';
import { UsageError, type Output } from './output';

/** Prints one line on stdout, escaped (output.ts). */
export type Print = (text: string) => void;

export interface CommandContext {
  print: Print;
  /** stderr, escaped; its `raw` stream is for the progress bar's own codes (progress.ts). */
  err: Output;
  /** The repository, from which the default folders are found. */
  root: string;
  /** assets/archive/sources */
  defaultSources: string;
  /** assets/archive/packaged */
  defaultPackaged: string;
  now: () => Date;
}

export interface Command {
  /** What follows "tweet-mender archive". */
  name: string;
  /** How it is called, as the list of commands shows it ("search <words>…"). */
  usage: string;
  /** What it does, in one line of the list of commands. */
  summary: string;
  /** What `--help` prints. */
  help: string;
  /**
   * Runs it with the arguments after its name; resolves to the exit code
   * (0 done, 1 failed). A UsageError (called wrongly) exits 2 with the
   * usage; any other error exits 1 with its message.
   */
  run(args: string[], context: CommandContext): Promise<number> | number;
}

/** The options and words of a command line; an unknown or malformed option is a UsageError. */
export function parse<O extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function noPositionals(command: string, positionals: string[]): void {
  if (positionals.length) throw new UsageError(`archive ${command} takes no argument "${positionals[0]}"`);
}
