// ---------------------------------------------------------------------------
// A real HTTP server on 127.0.0.1 for the stories that send requests (Test step, live
// runs): started when Storybook or the story tests serve, never in a static build. The
// stories read its origin from the virtual module `virtual:wfe-loopback-origin`
// (null when no server runs). CORS is open, as a host's own test endpoint would be.
// ---------------------------------------------------------------------------

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Plugin } from 'vite';
import { createLoopbackRoutes } from '../stories/fixtures/loopback-routes';

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

/** The loopback server's handler: the stories' routes (stories/fixtures/loopback-routes.ts) over HTTP, CORS open. */
export function createLoopbackHandler(): (request: IncomingMessage, response: ServerResponse) => void {
  const routes = createLoopbackRoutes();
  return (request, response) => {
    void (async () => {
      if (request.method === 'OPTIONS') {
        response.writeHead(204, CORS_HEADERS);
        response.end();
        return;
      }
      const answer = routes({
        method: request.method ?? 'GET',
        url: new URL(request.url ?? '/', 'http://127.0.0.1'),
        headers: request.headers,
        body: await readBody(request),
      });
      if (answer.delayMs === 0) {
        sendJson(response, answer.status, answer.body);
        return;
      }
      const timer = setTimeout(() => {
        if (!response.destroyed) sendJson(response, answer.status, answer.body);
      }, answer.delayMs);
      // A client that gives up (a step's timeout) should not keep the timer alive.
      response.on('close', () => clearTimeout(timer));
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
