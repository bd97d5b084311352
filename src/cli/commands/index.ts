/**
 * The commands of `tweet-mender archive`, in the order the usage lists them:
 * one file each, with its name, its help and what it runs. Adding a command
 * is adding its file and a line here; main.ts dispatches over this table.
 */
import type { Command } from '../command';
import { buildCommand } from './build';
import { importCommand } from './import';
import { searchCommand } from './search';
import { showCommand } from './show';
import { statsCommand } from './stats';
import { validateCommand } from './validate';

export const COMMANDS: readonly Command[] = [
  importCommand,
  buildCommand,
  validateCommand,
  showCommand,
  statsCommand,
  searchCommand,
];

/** The usage `tweet-mender --help` prints: every command of the table, with its summary. */
export const USAGE = `Usage: tweet-mender <command> [options]

Commands:
${COMMANDS.map((command) => `  archive ${command.usage.padEnd(18)}${command.summary}`).join('\n')}

Run "tweet-mender archive <command> --help" for a command's options.`;
