/**
 * tweet-mender: builds and inspects the archive packaged in the extension.
 * Run from the repository with `npx tweet-mender <command>` (see --help).
 * Exit codes: 0 done, 1 failed (a bad source, a bad record, a missing id),
 * 2 called wrongly (the usage is printed).
 *
 * This file finds the command in the table (commands/index.ts) and runs it;
 * every write goes through one escaping writer (output.ts).
 */
import { join, resolve } from 'node:path';
import type { CommandContext } from './command';
import { COMMANDS, USAGE } from './commands';
import { escapingOutput, showName, UsageError, type Output } from './output';

export { UsageError, type Output } from './output';

const ROOT = resolve(import.meta.dirname, '../..');
const DEFAULT_SOURCES = join(ROOT, 'assets/archive/sources');
const DEFAULT_PACKAGED = join(ROOT, 'assets/archive/packaged');

export async function runCli(
  argv: string[],
  stdout: Output = process.stdout,
  stderr: Output = process.stderr,
): Promise<number> {
  // Archive text, file names and errors can hold control characters: every write is escaped.
  const out = escapingOutput(stdout);
  const err = escapingOutput(stderr);
  const context: CommandContext = {
    print: (text) => out.write(`${text}\n`),
    err,
    root: ROOT,
    defaultSources: DEFAULT_SOURCES,
    defaultPackaged: DEFAULT_PACKAGED,
    now: () => new Date(),
  };
  try {
    return await dispatch(argv, context);
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`tweet-mender: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    err.write(`tweet-mender: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function dispatch(argv: string[], context: CommandContext): Promise<number> {
  const [group, name, ...rest] = argv;
  if (!group || group === '--help' || group === '-h' || group === 'help') {
    context.print(USAGE);
    return 0;
  }
  if (group !== 'archive') throw new UsageError(`unknown command "${showName(group)}"`);
  if (!name || name === '--help' || name === '-h') {
    context.print(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown archive command "${showName(name)}"`);
  if (rest.includes('--help') || rest.includes('-h')) {
    context.print(command.help);
    return 0;
  }
  return command.run(rest, context);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await runCli(process.argv.slice(2));
}
