// ---------------------------------------------------------------------------
// A real HTTP server on 127.0.0.1 for the stories that send requests (Test step, live
// runs): started when Storybook or the story tests serve, never in a static build. The
// stories read its origin from the virtual module `virtual:wfe-loopback-origin`
// (null when no server runs). CORS is open, as a host's own test endpoint would be.
// ---------------------------------------------------------------------------

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:wfe-loopback-origin';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;
/** Bodies beyond this are refused: the server is for stories, not for load. */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': '*',
  'access-control-expose-headers': '*',
  'access-control-max-age': '600',
};

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...CORS_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parsedOrText(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Routes:
 * - `ANY /echo` → 200 `{ method, path, query, headers, body }`
 * - `ANY /respond?status=N&delayMs=M&body=<url-encoded JSON>` → that status after the delay
 * - `ANY /flaky/<key>?fail=N` → the first N requests for `<key>` answer 500, then 200 `{ attempts }`
 * - `POST /reset` → forgets every flaky counter
 */
export function createLoopbackHandler(): (request: IncomingMessage, response: ServerResponse) => void {
  const flakyAttempts = new Map<string, number>();
  return (request, response) => {
    void (async () => {
      if (request.method === 'OPTIONS') {
        response.writeHead(204, CORS_HEADERS);
        response.end();
        return;
      }
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(request);
      if (url.pathname === '/echo') {
        sendJson(response, 200, {
          method: request.method,
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers: request.headers,
          body: parsedOrText(body),
        });
        return;
      }
      if (url.pathname === '/respond') {
        const status = Number(url.searchParams.get('status') ?? '200');
        const delayMs = Math.min(Number(url.searchParams.get('delayMs') ?? '0'), 120_000);
        const answer = parsedOrText(url.searchParams.get('body') ?? '{}');
        const timer = setTimeout(
          () => {
            if (!response.destroyed)
              sendJson(response, Number.isInteger(status) && status >= 200 && status <= 599 ? status : 400, answer);
          },
          Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0,
        );
        // A client that gives up (a step's timeout) should not keep the timer alive.
        response.on('close', () => clearTimeout(timer));
        return;
      }
      if (url.pathname.startsWith('/flaky/')) {
        const key = decodeURIComponent(url.pathname.slice('/flaky/'.length));
        const failures = Number(url.searchParams.get('fail') ?? '1');
        const attempts = (flakyAttempts.get(key) ?? 0) + 1;
        flakyAttempts.set(key, attempts);
        if (attempts <= failures) sendJson(response, 500, { error: 'failing on purpose', attempts });
        else sendJson(response, 200, { attempts });
        return;
      }
      if (url.pathname === '/reset' && request.method === 'POST') {
        flakyAttempts.clear();
        sendJson(response, 200, { reset: true });
        return;
      }
      sendJson(response, 404, { error: `no route ${url.pathname}` });
    })().catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 400, { error: error instanceof Error ? error.message : String(error) });
      else response.destroy();
    });
  };
}

let started: Promise<string> | null = null;

/** Starts the server once per process, on a free port; it never keeps the process alive. */
function startLoopbackServer(): Promise<string> {
  started ??= new Promise<string>((resolve, reject) => {
    const server: Server = createServer(createLoopbackHandler());
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
  return started;
}

/** The Vite plugin: serves `virtual:wfe-loopback-origin` and starts the server when serving. */
export function loopbackServerPlugin(): Plugin {
  let serving = false;
  return {
    name: 'wfe-loopback-server',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return null;
      const origin = serving ? await startLoopbackServer() : null;
      return `export const loopbackOrigin = ${JSON.stringify(origin)};`;
    },
  };
}
