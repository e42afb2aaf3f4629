// ---------------------------------------------------------------------------
// Request signatures (docs/definition.md, "Signature"):
//   <header>: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
// Web Crypto only, so senders and receivers run in Node and in browsers alike.
// ---------------------------------------------------------------------------

const encoder = new TextEncoder();

/** Default tolerance between the signature's timestamp and the receiver's clock. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** Options of {@link signRequest}. */
export interface SignRequestOptions {
  /** The exact bytes sent (a string is UTF-8 encoded); `""` or absent when there is no body. */
  body?: string | Uint8Array;
  /** The shared secret, or an HMAC-SHA256 key made from it with {@link importSigningKey} (cheaper when signing often). */
  secret: string | CryptoKey;
  /** Clock in epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** Options of {@link verifySignature}. */
export interface VerifySignatureOptions {
  /** The signature header's value, possibly several space-separated `t=...,v1=...` sets. */
  header: string | null | undefined;
  /** The raw body received, byte for byte. */
  body: string | Uint8Array;
  /** The shared secret. */
  secret?: string;
  /** Several accepted secrets (key rotation); a match with one of them is enough. */
  secrets?: readonly string[];
  /** Largest accepted distance between `t` and now, either way. @default 300 */
  toleranceSeconds?: number;
  /** Clock in epoch milliseconds. @default Date.now */
  now?: () => number;
}

function toBytes(body: string | Uint8Array | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array(0);
  return typeof body === 'string' ? encoder.encode(body) : body;
}

/** The bytes a signature covers: `"<t>."` followed by the raw body. */
export function signedPayload(timestamp: number, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${timestamp}.`);
  const payload = new Uint8Array(prefix.length + body.length);
  payload.set(prefix, 0);
  payload.set(body, prefix.length);
  return payload;
}

function importHmacKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

/**
 * A non-extractable HMAC-SHA256 signing key for a secret. Importing costs more than
 * signing, so a sender that signs many requests imports once and passes the key.
 */
export function importSigningKey(secret: string): Promise<CryptoKey> {
  return importHmacKey(secret, 'sign');
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function toHex(bytes: ArrayBuffer): string {
  let hex = '';
  for (const byte of new Uint8Array(bytes)) hex += HEX[byte];
  return hex;
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (hex.length !== 64 || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * The signature header value for a request body: `t=<unix seconds>,v1=<hex>`.
 *
 * @example
 * const value = await signRequest({ body: JSON.stringify(payload), secret });
 * await fetch(url, { method: 'POST', body: JSON.stringify(payload), headers: { 'Persona-Signature': value } });
 */
export async function signRequest(options: SignRequestOptions): Promise<string> {
  const timestamp = Math.floor((options.now ?? Date.now)() / 1000);
  const key = typeof options.secret === 'string' ? await importHmacKey(options.secret, 'sign') : options.secret;
  const mac = await crypto.subtle.sign('HMAC', key, signedPayload(timestamp, toBytes(options.body)));
  return `t=${timestamp},v1=${toHex(mac)}`;
}

/** One `t=...,v1=...` set of a signature header. */
interface SignatureSet {
  timestamp: number;
  signatures: Uint8Array<ArrayBuffer>[];
}

function parseSignatureHeader(header: string): SignatureSet[] {
  const sets: SignatureSet[] = [];
  for (const part of header.trim().split(/\s+/)) {
    let timestamp: number | undefined;
    const signatures: Uint8Array<ArrayBuffer>[] = [];
    for (const item of part.split(',')) {
      const separator = item.indexOf('=');
      if (separator === -1) continue;
      const name = item.slice(0, separator);
      const value = item.slice(separator + 1);
      if (name === 't' && /^\d{1,15}$/.test(value)) timestamp = Number(value);
      else if (name === 'v1') {
        const bytes = fromHex(value);
        if (bytes) signatures.push(bytes);
      }
    }
    if (timestamp !== undefined && signatures.length > 0) sets.push({ timestamp, signatures });
  }
  return sets;
}

/**
 * Whether a signature header is valid for a body: some `t=...,v1=...` set in it has a
 * timestamp within `toleranceSeconds` of now and a `v1` that is the HMAC of
 * `"<t>.<body>"` under one of the secrets. The comparison is constant-time (Web Crypto's
 * HMAC verify). A missing or malformed header gives `false`; it never throws on input.
 */
export async function verifySignature(options: VerifySignatureOptions): Promise<boolean> {
  const secrets = [...(options.secrets ?? []), ...(options.secret !== undefined ? [options.secret] : [])];
  if (typeof options.header !== 'string' || secrets.length === 0) return false;
  const tolerance = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  const nowSeconds = (options.now ?? Date.now)() / 1000;
  const body = toBytes(options.body);
  const sets = parseSignatureHeader(options.header).filter(
    (set) => Math.abs(nowSeconds - set.timestamp) <= tolerance,
  );
  if (sets.length === 0) return false;
  const keys = await Promise.all(secrets.map((secret) => importHmacKey(secret, 'verify')));
  for (const set of sets) {
    const payload = signedPayload(set.timestamp, body);
    for (const key of keys) {
      for (const signature of set.signatures) {
        if (await crypto.subtle.verify('HMAC', key, signature, payload)) return true;
      }
    }
  }
  return false;
}
