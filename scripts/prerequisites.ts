/**
 * What `npm start` and `npm test` need from the machine, and how to say what
 * is missing. Pure: everything it learns about the machine comes through a
 * Probe, so the unit tests drive it with a fake one
 * (tests/unit/prerequisites.test.ts); scripts/check-prerequisites.ts gives it
 * the real one.
 *
 * The list of Debian packages is .ci/apt-packages, the same file .ci/run
 * installs from. Each package is checked by what the tests actually use (the
 * browser binary, the locale file the browser loads, the tool at the path the
 * harness runs), so that CHROMIUM_PATH / FIREFOX_PATH overrides are honoured;
 * a package this file has no specific check for is asked of dpkg.
 */
import { dirname, join } from 'node:path';

/** What the checker may ask of the machine. */
export interface Probe {
  env(name: string): string | undefined;
  /** Whether a file (or directory) exists at this path. */
  exists(path: string): boolean;
  /** The path with every symbolic link resolved (the path itself when it cannot be resolved). */
  realPath(path: string): string;
  /** The names in a directory, or [] when it cannot be read. */
  list(dir: string): string[];
  /** Whether dpkg says this package is installed. */
  dpkgInstalled(name: string): boolean;
  /** process.versions.node */
  nodeVersion: string;
  /** Whether the checker runs as root (no sudo in the install command). */
  isRoot: boolean;
}

/** Which of the quick start's commands a check is for. */
export type Purpose = 'start' | 'test';

export interface Missing {
  /** What is missing, for a person: "Chromium's Russian language pack". */
  what: string;
  /** Why the command needs it. */
  why: string;
  /** Where the checker looked. */
  lookedFor: string;
  /** The Debian package that provides it, when apt can install it. */
  aptPackage: string | null;
  /** What to do instead of (or besides) apt, when that is the fix. */
  fix?: string;
}

const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const DEFAULT_FIREFOX = '/usr/bin/firefox-esr';
/** Debian's chromium launcher is a shell script; the binary and its locales/ live here. */
const DEBIAN_CHROMIUM_DIR = '/usr/lib/chromium';

interface PackageCheck {
  what: string;
  why: string;
  /** Also needed by `npm start` (everything is needed by `npm test`). */
  start?: boolean;
  /** Null when present; otherwise where it looked, and a fix when apt alone is not it. */
  find(probe: Probe): { lookedFor: string; fix?: string } | null;
}

/** Checks by what the tests use; every package of .ci/apt-packages without one falls back to dpkg. */
const PACKAGE_CHECKS: Record<string, PackageCheck> = {
  chromium: {
    what: 'Chromium',
    why: 'the end-to-end tests, the demo and the benchmark run the extension in it',
    start: true,
    find: (probe) => findBrowser(probe, 'CHROMIUM_PATH', DEFAULT_CHROMIUM, 'chromium'),
  },
  'chromium-l10n': {
    what: "Chromium's Russian language pack",
    why: 'the language tests run Chromium in Russian; without it Chromium falls back to English',
    find: (probe) => {
      const given = probe.env('CHROMIUM_PATH');
      // CHROMIUM_PATH=/usr/bin/chromium is Debian's launcher, not another build.
      const override = given && probe.realPath(given) !== probe.realPath(DEFAULT_CHROMIUM) ? given : undefined;
      const dir = override ? dirname(probe.realPath(override)) : DEBIAN_CHROMIUM_DIR;
      const file = join(dir, 'locales', 'ru.pak');
      if (probe.exists(file)) return null;
      return {
        lookedFor: file,
        fix: override ? `put a Chromium build with its locales/ru.pak at CHROMIUM_PATH (${override})` : undefined,
      };
    },
  },
  'firefox-esr': {
    what: 'Firefox ESR',
    why: 'the end-to-end tests run the extension in it',
    find: (probe) => findBrowser(probe, 'FIREFOX_PATH', DEFAULT_FIREFOX, 'firefox-esr'),
  },
  'firefox-esr-l10n-ru': {
    what: "Firefox ESR's Russian language pack",
    why: 'the language tests run Firefox in Russian; without it Firefox falls back to English',
    find: (probe) => {
      const override = probe.env('FIREFOX_PATH');
      // The language pack is a built-in add-on next to the binary the tests start.
      const dir = join(dirname(probe.realPath(override ?? DEFAULT_FIREFOX)), 'browser', 'extensions');
      if (probe.list(dir).some((name) => /^langpack-ru@.*\.xpi$/.test(name))) return null;
      return {
        lookedFor: join(dir, 'langpack-ru@*.xpi'),
        fix: override ? `put a Firefox build with its Russian language pack at FIREFOX_PATH (${override})` : undefined,
      };
    },
  },
  xvfb: {
    what: 'Xvfb (a virtual display)',
    why: 'the keyboard-shortcut test presses real keys on a virtual display',
    find: (probe) => (probe.exists('/usr/bin/Xvfb') ? null : { lookedFor: '/usr/bin/Xvfb' }),
  },
  xdotool: {
    what: 'xdotool',
    why: 'the keyboard-shortcut test presses real keys with it',
    find: (probe) => (probe.exists('/usr/bin/xdotool') ? null : { lookedFor: '/usr/bin/xdotool' }),
  },
  'fonts-dejavu-core': {
    what: 'the DejaVu fonts',
    why: 'both browsers render the test pages and the screenshots with them',
    find: (probe) => {
      const file = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
      return probe.exists(file) ? null : { lookedFor: file };
    },
  },
};

function findBrowser(
  probe: Probe,
  variable: string,
  defaultPath: string,
  aptPackage: string,
): { lookedFor: string; fix?: string } | null {
  const override = probe.env(variable);
  const path = override ?? defaultPath;
  if (probe.exists(path)) return null;
  return {
    lookedFor: override ? `${path} (${variable})` : path,
    fix: override
      ? `point ${variable} at an installed binary, or unset it and install Debian's ${aptPackage}`
      : undefined,
  };
}

/** The package names of .ci/apt-packages: one a line, `#` starts a comment. */
export function parsePackageList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}

/** The packages with a check of their own (the others are asked of dpkg). */
export const CHECKED_PACKAGES: readonly string[] = Object.keys(PACKAGE_CHECKS);

/**
 * Everything missing for a purpose: Node.js older than package.json's
 * engines.node (">=20.12"), then each package of the list, in its order.
 */
export function findMissing(probe: Probe, packages: readonly string[], nodeRange: string, purpose: Purpose): Missing[] {
  const missing: Missing[] = [];
  const wanted = /^>=\s*(\d+)(?:\.(\d+))?/.exec(nodeRange);
  if (wanted) {
    const [major = 0, minor = 0] = probe.nodeVersion.split('.').map(Number);
    const needMajor = Number(wanted[1]);
    const needMinor = Number(wanted[2] ?? 0);
    if (major < needMajor || (major === needMajor && minor < needMinor)) {
      missing.push({
        what: `Node.js ${needMajor}.${needMinor} or later`,
        why: `package.json asks for ${nodeRange}; this is ${probe.nodeVersion}`,
        lookedFor: 'node --version',
        aptPackage: null,
        fix: 'install Node.js 20 LTS from https://nodejs.org/en/download (Debian 12 ships 18)',
      });
    }
  }
  for (const name of packages) {
    const check = PACKAGE_CHECKS[name];
    if (purpose === 'start' && !check?.start) continue;
    if (!check) {
      if (!probe.dpkgInstalled(name)) {
        missing.push({
          what: name,
          why: 'listed in .ci/apt-packages',
          lookedFor: `dpkg -s ${name}`,
          aptPackage: name,
        });
      }
      continue;
    }
    const found = check.find(probe);
    if (found) missing.push({ what: check.what, why: check.why, aptPackage: name, ...found });
  }
  return missing;
}

/** The one command that installs every missing package apt can install, or null when there is none. */
export function installCommand(missing: readonly Missing[], isRoot: boolean): string | null {
  const packages = missing.filter((m) => m.aptPackage !== null && m.fix === undefined).map((m) => m.aptPackage);
  if (!packages.length) return null;
  return `${isRoot ? '' : 'sudo '}apt-get install -y ${packages.join(' ')}`;
}

/** What to print: each missing thing, why it is needed, where it was looked for, and how to get it. */
export function formatReport(missing: readonly Missing[], isRoot: boolean, purpose: Purpose): string {
  const command = purpose === 'start' ? 'npm start' : 'npm test';
  const lines = [`${command} needs ${missing.length === 1 ? 'something' : 'a few things'} this machine lacks:`, ''];
  for (const m of missing) {
    lines.push(`  - ${m.what}${m.aptPackage ? ` (Debian package ${m.aptPackage})` : ''}: ${m.why}.`);
    lines.push(`      looked for ${m.lookedFor}`);
    if (m.fix) lines.push(`      to fix: ${m.fix}`);
  }
  const install = installCommand(missing, isRoot);
  if (install) lines.push('', 'Install the missing packages with:', '', `  ${install}`);
  lines.push('', 'The full list is in .ci/apt-packages; the README\'s "Quick start" says what each is for.');
  return lines.join('\n');
}
