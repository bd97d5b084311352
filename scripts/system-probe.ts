/**
 * This machine as scripts/prerequisites.ts asks about it (files, environment,
 * dpkg, Node.js), and the check itself with the repository's own package
 * list and Node.js range: used by `npm test`'s first step and by the
 * end-to-end tests' global set-up.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { findMissing, formatReport, parsePackageList, type Probe, type Purpose } from './prerequisites';

const ROOT = resolve(import.meta.dirname, '..');

export function createSystemProbe(): Probe {
  return {
    env: (name) => process.env[name] || undefined,
    exists: (path) => existsSync(path),
    realPath: (path) => {
      try {
        return realpathSync(path);
      } catch {
        return path;
      }
    },
    list: (dir) => {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
    dpkgInstalled: (name) => {
      try {
        const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', name], {
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        return status.toString().endsWith(' installed');
      } catch {
        return false;
      }
    },
    nodeVersion: process.versions.node,
    isRoot: process.getuid?.() === 0,
  };
}

/** What this machine lacks for a purpose: null when nothing, else the report to print. */
export function checkThisMachine(purpose: Purpose): string | null {
  const packages = parsePackageList(readFileSync(resolve(ROOT, '.ci/apt-packages'), 'utf8'));
  const { engines } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
    engines?: { node?: string };
  };
  const probe = createSystemProbe();
  const missing = findMissing(probe, packages, engines?.node ?? '', purpose);
  return missing.length ? formatReport(missing, probe.isRoot, purpose) : null;
}
