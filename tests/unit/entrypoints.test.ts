/**
 * Entrypoints are thin adapters: each wires a module of src/ to the browser
 * and holds no logic of its own (docs/architecture.md). WXT imports the
 * background's and the content script's entrypoint files at build time, so
 * code outside their main() would run in Node during the build (WXT's
 * "entrypoint side effects" rule); a page's main.ts is the page's own
 * module script and only calls into src/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const MAX_LINES = 25;

function listEntrypoints(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = posix.join(dir, name);
    if (statSync(path).isDirectory()) return listEntrypoints(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const isDefineCall = (node: ts.Node): boolean =>
  ts.isCallExpression(node) && ts.isIdentifier(node.expression) && /^define[A-Z]\w*$/.test(node.expression.text);

/** A call of a function the file imported (from src/ or the browser API), optionally under `void`. */
function isCallOfImport(node: ts.Expression, imported: Set<string>): boolean {
  const call = ts.isVoidExpression(node) ? node.expression : node;
  return ts.isCallExpression(call) && ts.isIdentifier(call.expression) && imported.has(call.expression.text);
}

/** What in an entrypoint is more than wiring: each problem names the file and the statement. */
export function findEntrypointProblems(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const problems: string[] = [];
  const lines = text.trimEnd().split('\n').length;
  if (lines > MAX_LINES) problems.push(`${path}: ${lines} lines (an adapter needs about 20)`);
  const imported = new Set<string>();
  const isPage = posix.basename(path) === 'main.ts';
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) imported.add(el.name.text);
      if (statement.importClause?.name) imported.add(statement.importClause.name.text);
      continue;
    }
    if (!isPage && ts.isExportAssignment(statement) && isDefineCall(statement.expression)) continue;
    if (isPage && ts.isExpressionStatement(statement) && isCallOfImport(statement.expression, imported)) continue;
    const line = source.getLineAndCharacterOfPosition(statement.getStart()).line + 1;
    problems.push(`${path}:${line}: ${isPage ? 'not a call into src/' : 'runs outside main()'}`);
  }
  return problems;
}

describe('entrypoints', () => {
  it('are thin adapters: imports and one define…() call, or a page calling into src/', () => {
    const files = listEntrypoints('entrypoints');
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(files.flatMap((path) => findEntrypointProblems(path, readFileSync(path, 'utf8')))).toEqual([]);
  });

  it('names code outside main(), logic in a page script, and a long file', () => {
    const background = [
      "import { startBackground } from '../src/background/start';",
      'const cache = new Map();',
      'export default defineBackground(() => startBackground(cache));',
    ].join('\n');
    const page = ["import { startPopup } from '../../src/popup/popup';", 'if (location.hash) startPopup();'].join('\n');
    const long = `${'// why\n'.repeat(MAX_LINES)}export default defineBackground(() => {});`;
    expect(findEntrypointProblems('entrypoints/background.ts', background)).toEqual([
      'entrypoints/background.ts:2: runs outside main()',
    ]);
    expect(findEntrypointProblems('entrypoints/popup/main.ts', page)).toEqual([
      'entrypoints/popup/main.ts:2: not a call into src/',
    ]);
    expect(findEntrypointProblems('entrypoints/background.ts', long)).toEqual([
      `entrypoints/background.ts: ${MAX_LINES + 1} lines (an adapter needs about 20)`,
    ]);
  });
});
