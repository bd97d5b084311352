import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { importTextArticle } from '../../../src/archive/importers/text';

/** The seed article as the archive holds it: what the tests expect to see. */
export const SEED = importTextArticle(
  readFileSync(
    resolve(import.meta.dirname, '../../../assets/archive/sources/articles/wsws-russian-socialist-opponent.txt'),
    'utf8',
  ),
  'seed',
);
