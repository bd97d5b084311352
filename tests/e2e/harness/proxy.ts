/**
 * A proxy that refuses and records every request the browser tries to send
 * beyond localhost. Both browsers are told to use it for all traffic, so an
 * extension request to any host (x.com, a CDN, an analytics endpoint) shows
 * up here even if it comes from a context the automation protocol cannot see.
 */
import { createServer } from 'node:http';

export interface RecordingProxy {
  port: number;
  /** "GET http://host/path" or "CONNECT host:443", in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(502).end();
  });
  server.on('connect', (req, socket) => {
    requests.push(`CONNECT ${req.url}`);
    socket.destroy();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** The host a recorded request was for. */
export function hostOf(request: string): string {
  const target = request.split(' ')[1] ?? '';
  return target.includes('://') ? new URL(target).hostname : target.replace(/:\d+$/, '');
}
