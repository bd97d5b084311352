/**
 * Serves tests/pages on 127.0.0.1 (a random port) for the end-to-end tests and
 * the demo. Pages are local files only: the tests never visit live sites.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

export const PAGES_DIR = resolve(import.meta.dirname, '../../pages');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
};

export interface PageServer {
  origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

/** Pages made at test time (a bundle, a generated page), by path ("/react-article.js"). */
export type ExtraFiles = Record<string, () => Promise<string> | string>;

export async function startPageServer(port = 0, dir = PAGES_DIR, extra: ExtraFiles = {}): Promise<PageServer> {
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const made = Object.hasOwn(extra, path) ? extra[path] : undefined;
    if (made) {
      try {
        const body = await made();
        res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'text/plain', 'cache-control': 'no-store' });
        res.end(body);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      }
      return;
    }
    const file = normalize(join(dir, path === '/' ? 'demo-page.html' : path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  return {
    origin,
    url: (path) => `${origin}/${path.replace(/^\//, '')}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
