/**
 * `npm run bench [-- --quick] [-- --suite <name>]`: runs the benchmark suites,
 * prints their tables, and writes docs/performance.md and docs/performance.json.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { Figure, Suite, SuiteResult } from './types';

const SUITES: Record<string, () => Promise<Suite>> = {};

function formatFigure(f: Figure): string {
  const base = f.baseline ? `${f.baseline.value.toFixed(3)} ${f.unit} (${f.baseline.name})` : '';
  const ratio = f.ratio !== undefined ? `${f.ratio.toFixed(3)}×` : '';
  const met = f.met === undefined ? '' : f.met ? 'yes' : 'no';
  return `| ${f.name} | ${f.value.toFixed(3)} ${f.unit} | ${f.spread ?? ''} | ${base} | ${ratio} | ${f.goal ?? ''} | ${met} |`;
}

function renderMarkdown(results: SuiteResult[], quick: boolean): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Performance',
    '',
    `Measured by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    'Every figure is a median next to its baseline measured in the same run; ratios, not absolute times, are what to compare across machines.',
    '',
  ];
  for (const r of results) {
    lines.push(
      `## ${r.title}`,
      '',
      r.method,
      '',
      '| Figure | Median | Spread | Baseline | Ratio | Goal | Met |',
      '|---|---|---|---|---|---|---|',
    );
    for (const f of r.figures) lines.push(formatFigure(f));
    const notes = r.figures.filter((f) => f.note);
    if (notes.length) lines.push('', ...notes.map((f) => `- ${f.name}: ${f.note}`));
    lines.push('');
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args.includes('--suite') ? args[args.indexOf('--suite') + 1] : undefined;
  const names = Object.keys(SUITES).filter((name) => !only || name === only);
  const results: SuiteResult[] = [];
  for (const name of names) {
    const suite = await SUITES[name]!();
    console.log(`Running ${name}…`);
    const result = await suite({ quick });
    results.push(result);
    console.log(renderMarkdown([result], quick));
  }
  // A quick run only proves the benchmark works: it does not overwrite the recorded figures.
  if (!quick) {
    writeFileSync(resolve(import.meta.dirname, '../../docs/performance.md'), renderMarkdown(results, quick));
    writeFileSync(resolve(import.meta.dirname, '../../docs/performance.json'), `${JSON.stringify(results, null, 2)}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
