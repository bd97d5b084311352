/**
 * The repository stands on its own: no tracked file names a path of one
 * machine (a home folder, a checkout, a temporary or shared folder), which
 * would make a test pass or skip on that machine only. What is allowed is
 * listed below with its reason.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** A path from the root of a machine's file system: Unix roots where checkouts and homes live, or a Windows drive. */
const MACHINE_PATH =
  /(?<![\w.%-])(?:\/(?:work|home|root|tmp|Users|mnt|srv|opt|var|private|usr|etc|nix|Volumes)\/[^\s'"`)<>\]]*|[A-Za-z]:\\[^\s'"`]*)/g;

/** Allowed, by the text it starts with, in the files listed ('*': any file). */
const ALLOWED: { text: string; files: string[] | '*'; why: string }[] = [
  { text: '/usr/bin/env', files: '*', why: 'the shebang of scripts (#!/usr/bin/env node)' },
  {
    text: '/usr/bin/chromium',
    files: [
      'tests/e2e/harness/system-browsers.ts',
      'wxt.config.ts',
      'docs/performance.md',
      'scripts/prerequisites.ts',
      'tests/unit/prerequisites.test.ts',
    ],
    why: "Debian's Chromium, the browser the tests drive (CHROMIUM_PATH overrides it)",
  },
  {
    text: '/usr/bin/firefox-esr',
    files: ['tests/e2e/harness/system-browsers.ts', 'scripts/prerequisites.ts', 'tests/unit/prerequisites.test.ts'],
    why: "Debian's Firefox ESR (FIREFOX_PATH overrides it)",
  },
  {
    text: '/usr/lib/chromium',
    files: ['scripts/prerequisites.ts', 'tests/unit/prerequisites.test.ts'],
    why: "where Debian's chromium and chromium-l10n put the browser and its language files (the prerequisite check)",
  },
  {
    text: '/usr/lib/firefox-esr',
    files: ['tests/unit/prerequisites.test.ts'],
    why: "where Debian's firefox-esr-l10n-ru puts the Russian language pack (the prerequisite check's fake probe)",
  },
  {
    text: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    files: ['scripts/prerequisites.ts', 'tests/unit/prerequisites.test.ts'],
    why: 'the font fonts-dejavu-core installs (the prerequisite check)',
  },
  {
    text: '/opt/',
    files: ['tests/unit/prerequisites.test.ts'],
    why: 'made-up CHROMIUM_PATH / FIREFOX_PATH installs the prerequisite check is tested with',
  },
  {
    text: '/tmp/tm-browser.lock',
    files: ['README.md'],
    why: 'a lock file suggested for running browser commands one at a time (flock), not a path any code reads',
  },
  {
    text: '/usr/bin/Xvfb',
    files: ['tests/e2e/harness/virtual-display.ts', 'scripts/prerequisites.ts', 'tests/unit/prerequisites.test.ts'],
    why: 'the virtual display for the keyboard-shortcut test, as Debian installs it',
  },
  {
    text: '/usr/bin/xdotool',
    files: ['tests/e2e/harness/virtual-display.ts', 'scripts/prerequisites.ts', 'tests/unit/prerequisites.test.ts'],
    why: 'as Debian installs it',
  },
  {
    text: '/tmp/picblast',
    files: ['tests/fixtures/formats/api-v1.1/tweets.twitter-to-sqlite.json', 'tests/unit/helpers/archive-expected.ts'],
    why: "a real tweet's text (the fixture) and what the importer must read from it",
  },
  {
    text: '/home/me/',
    files: ['tests/unit/protocol.test.ts', 'tests/unit/rules.test.ts'],
    why: 'made-up file:// page addresses, as a browser reports a saved page: inputs, never read',
  },
];

const SELF = 'tests/unit/machine-paths.test.ts';

function trackedTextFiles(): string[] {
  const files = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
  return files.filter((file) => file !== SELF && !readFileSync(file).subarray(0, 8000).includes(0));
}

/** Every machine path in the tracked files that the list does not allow, as "file: path". */
function findMachinePaths(files: readonly string[], read: (file: string) => string): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const [path] of read(file).matchAll(MACHINE_PATH)) {
      const allowed = ALLOWED.some((a) => path.startsWith(a.text) && (a.files === '*' || a.files.includes(file)));
      if (!allowed) found.push(`${file}: ${path}`);
    }
  }
  return found;
}

describe('no path of one machine in the repository', () => {
  it('no tracked file names one, beyond the few allowed with their reason', () => {
    const files = trackedTextFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(findMachinePaths(files, (file) => readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('finds one wherever it is written', () => {
    const samples: Record<string, string> = {
      'a.ts': "if (existsSync('/work/shared/seed/article.txt')) {}",
      'b.md': 'Copied from /home/alice/tweet-mender/notes.md.',
      'c.json': '{"outDir": "/tmp/tweet-mender-bench-pages-x1"}',
      'd.ts': 'const dir = "C:\\\\Users\\\\alice\\\\tm";',
      'e.ts': "spawn('/usr/local/bin/chromium');",
      'tests/unit/rules.test.ts': "'file:///work/page.html'",
    };
    expect(findMachinePaths(Object.keys(samples), (file) => samples[file] as string)).toEqual([
      'a.ts: /work/shared/seed/article.txt',
      'b.md: /home/alice/tweet-mender/notes.md.',
      'c.json: /tmp/tweet-mender-bench-pages-x1',
      'd.ts: C:\\\\Users\\\\alice\\\\tm',
      'e.ts: /usr/local/bin/chromium',
      'tests/unit/rules.test.ts: /work/page.html',
    ]);
    // URLs and relative paths are not machine paths.
    const fine = 'https://example.com/home/page, ../shared/x, src/tmp/a.ts, file.ts';
    expect(findMachinePaths(['f.ts'], () => fine)).toEqual([]);
  });
});
