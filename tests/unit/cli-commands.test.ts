/**
 * The CLI's table of commands (src/cli/commands/index.ts): the usage it
 * prints is built from the table, so it is checked here word for word
 * against the usage as it was written by hand before the table existed.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands';
import { run } from './helpers/cli-run';

const USAGE_AS_WRITTEN = `Usage: tweet-mender <command> [options]

Commands:
  archive import <path>…    Add sources: articles, saved pages, X exports, tweet JSON
  archive build             Build the packaged archive from its sources
  archive validate          Check every record of the sources and the packaged archive
  archive show <id>         Print one tweet or article record
  archive stats             Count what the packaged archive holds
  archive search <words>…   Find tweets and articles by their words

Run "tweet-mender archive <command> --help" for a command's options.
`;

describe('tweet-mender: the table of commands', () => {
  it('--help lists every command with its summary, exactly as before', async () => {
    expect(await run('--help')).toEqual({ code: 0, stdout: USAGE_AS_WRITTEN, stderr: '' });
    expect(await run('archive')).toEqual({ code: 2, stdout: USAGE_AS_WRITTEN, stderr: '' });
  });

  it('a mistake prints the same usage on stderr and exits 2', async () => {
    expect(await run('archive', 'stats', 'extra')).toEqual({
      code: 2,
      stdout: '',
      stderr: `tweet-mender: archive stats takes no argument "extra"\n\n${USAGE_AS_WRITTEN}`,
    });
  });

  it('each command has one name, and its own --help', async () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const command of COMMANDS) {
      const { code, stdout } = await run('archive', command.name, '--help');
      expect(code).toBe(0);
      expect(stdout).toBe(`${command.help}\n`);
      expect(stdout.startsWith(`Usage: tweet-mender archive ${command.name}`), command.name).toBe(true);
    }
  });
});
