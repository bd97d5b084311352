/**
 * `npm run new:form -- <kind> [--before <kind>]`: starts a new embed form, in
 * the files scripts/embed-form-files.ts names (docs/embed-forms.md, "Adding a form").
 */
import { resolve } from 'node:path';
import { addEmbedForm, TODO } from './embed-form-files';

async function main(argv: string[]): Promise<void> {
  const [kind, ...rest] = argv;
  const beforeAt = rest.indexOf('--before');
  if (!kind || kind.startsWith('-') || (beforeAt >= 0 && !rest[beforeAt + 1])) {
    console.error('usage: npm run new:form -- <kind> [--before <kind>]');
    process.exitCode = 2;
    return;
  }
  const before = beforeAt >= 0 ? rest[beforeAt + 1] : undefined;
  try {
    const written = await addEmbedForm({ root: resolve('.'), kind, ...(before ? { before } : {}) });
    console.log(`Started the embed form ${kind}:\n${written.map((path) => `  ${path}`).join('\n')}`);
    console.log(
      `Now write the detector and a fixture of real markup, then every ${TODO} left ` +
        '(docs/embed-forms.md, "Adding a form"); npx vitest run tests/unit/embed-forms.test.ts lists what is missing.',
    );
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}

void main(process.argv.slice(2));
