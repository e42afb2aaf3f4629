// ---------------------------------------------------------------------------
// The executor's platform in its browser build (the `browser` condition of
// `workflow-editor/executor`): the build puts this module where `node/platform` would be
// loaded, so a browser bundle neither holds nor names undici or any `node:` module.
// Where such a build still finds a Node-like `process` (a worker runtime with Node
// compatibility, a test runner's DOM environment), a run sends on the global fetch, as in
// a browser: only the literal host of each URL is checked, and signing uses Web Crypto.
// ---------------------------------------------------------------------------

import { createFetchTransport } from './http/fetch-transport';

/** The shape of the Node platform this module stands in for (types only: nothing of it is loaded). */
type NodePlatform = typeof import('./node/platform');

/** Sends every attempt on the global fetch; the policy's literal-host check happens before sending, as in a browser. */
export const createNodeTransport: NodePlatform['createNodeTransport'] = () =>
  createFetchTransport((input, init) => globalThis.fetch(input, init));

/** No synchronous HMAC here: the HTTPS step signs with Web Crypto when this is absent. */
export const hmacSha256Hex: NodePlatform['hmacSha256Hex'] | undefined = undefined;
