// ---------------------------------------------------------------------------
// The executor's only Node-specific entry, loaded by dynamic import when running in
// Node (never bundled into a browser run): the guarded transport and a synchronous HMAC.
// ---------------------------------------------------------------------------

import { createHmac } from 'node:crypto';

export { createNodeTransport } from './transport';

/**
 * Hex HMAC-SHA256 of the signed payload `"<timestamp>.<body>"` (body as UTF-8) with
 * Node's crypto. The executor signs with this in Node because a Web Crypto sign there is
 * an async thread-pool job costing several times the synchronous call; the bytes are
 * those of `signedPayload` (the public signRequest stays on Web Crypto). Fed in two
 * pieces so the payload is never concatenated.
 */
export function hmacSha256Hex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body, 'utf8').digest('hex');
}
