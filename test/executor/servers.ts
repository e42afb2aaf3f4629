// Real HTTP(S) servers on 127.0.0.1 for executor tests: every request is recorded with
// its exact body bytes, and each test decides how to answer.

import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

/** A request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  /** Names and values as they came on the wire, alternating; a header sent twice is here twice. */
  rawHeaders: string[];
  /** The raw body bytes. */
  body: Buffer;
}

/** Answers one request; `index` counts from 0. */
export type Responder = (request: RecordedRequest, response: ServerResponse, index: number) => void | Promise<void>;

/** A running server and what it has seen. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` (or `https://localhost:<port>`). */
  origin: string;
  port: number;
  requests: RecordedRequest[];
  /** TCP connections accepted so far (a refused destination must leave this at 0). */
  connections: () => number;
  close: () => Promise<void>;
}

function listen(
  server: Server,
  requests: RecordedRequest[],
  respond: Responder,
  origin: (port: number) => string,
): Promise<TestServer> {
  let connections = 0;
  server.on('connection', () => {
    connections += 1;
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        rawHeaders: request.rawHeaders,
        body: Buffer.concat(chunks),
      };
      const index = requests.length;
      requests.push(recorded);
      Promise.resolve(respond(recorded, response, index)).catch((error: unknown) => {
        response.statusCode = 599;
        response.end(String(error));
      });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: origin(port),
        port,
        requests,
        connections: () => connections,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Starts an HTTP server on 127.0.0.1 on a free port. */
export function startServer(respond: Responder): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  return listen(createHttpServer(), requests, respond, (port) => `http://127.0.0.1:${port}`);
}

/** A self-signed certificate for `localhost` and 127.0.0.1. */
export async function testCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** Starts an HTTPS server on 127.0.0.1 with the given certificate; its origin names `localhost`. */
export function startHttpsServer(certificate: { key: string; cert: string }, respond: Responder): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createHttpsServer({ key: certificate.key, cert: certificate.cert }) as unknown as Server;
  return listen(server, requests, respond, (port) => `https://localhost:${port}`);
}

/** Answers JSON with a status. */
export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  const extra = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...extra,
  });
  response.end(text);
}
