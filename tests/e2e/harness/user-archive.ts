/**
 * Importing into the user's own archive as a user does: files chosen in the
 * options page's file input (its change event), and waiting for the counts.
 */
import { zipSync } from 'fflate';
import { join } from 'node:path';
import { readExportFolderBytes } from '../../../src/cli/sources';
import type { Session, TestPage } from './browsers';

/** The X export sample (tests/fixtures/formats/x-archive) as X delivers it: a zip with a top folder. */
export async function exportZipBase64(): Promise<string> {
  const entries: Record<string, Uint8Array> = {};
  for (const [path, content] of await readExportFolderBytes(join('tests/fixtures/formats', 'x-archive')))
    entries[`twitter-2023-07-02-sample/${path}`] = content;
  return Buffer.from(zipSync(entries)).toString('base64');
}

export interface ChosenFile {
  name: string;
  type: string;
  base64: string;
}

/** The options page, once it shows the user archive's counts. */
export async function openArchiveOptions(session: Session): Promise<TestPage> {
  const options = await session.openExtensionPage('options.html');
  await options.waitFor(() => document.getElementById('app')?.getAttribute('aria-busy') === 'false');
  await options.waitFor(() => document.querySelector('.your-archive .counts') !== null);
  return options;
}

/** Gives files to the options page's file input, through its change event, as choosing them does. */
export async function chooseArchiveFiles(options: TestPage, files: ChosenFile[]): Promise<void> {
  await options.evaluate((chosenFiles: ChosenFile[]) => {
    const input = document.querySelector('#your-archive-files') as HTMLInputElement;
    const chosen = new DataTransfer();
    for (const { name, type, base64 } of chosenFiles) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      chosen.items.add(new File([bytes], name, { type }));
    }
    input.files = chosen.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, files);
}

/** What "Export" offers: the archive's every record, as the JSON text of the file. */
export async function exportArchive(options: TestPage): Promise<{ type: string; text: string } | null> {
  return options.evaluate(async () => {
    const blobs: Blob[] = [];
    const original = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob: Blob) => {
      blobs.push(blob);
      return original(blob);
    };
    (document.querySelector('.your-archive button.export') as HTMLButtonElement).click();
    for (let i = 0; i < 100 && blobs.length === 0; i++) await new Promise((done) => setTimeout(done, 50));
    URL.createObjectURL = original;
    const blob = blobs[0];
    return blob ? { type: blob.type, text: await blob.text() } : null;
  });
}

/** Deletes everything the user imported, confirmed in the page. */
export async function deleteUserArchive(options: TestPage): Promise<void> {
  await options.click('.your-archive button.delete');
  await options.waitFor(
    () => (document.querySelector('#your-archive-confirm') as HTMLElement | null)?.hidden === false,
  );
  await options.click('.your-archive button.confirm-delete');
  await options.waitFor(() => document.querySelector('.your-archive .counts')?.textContent === 'Nothing yet.');
}
