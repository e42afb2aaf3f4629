// ---------------------------------------------------------------------------
// Request signatures (docs/definition.md, "Signature"):
//   <header>: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
// Web Crypto only, so senders and receivers run in Node and in browsers alike.
//
// The raw body is the exact bytes sent: a string (UTF-8 encoded), a Uint8Array or an
// ArrayBuffer. Anything else (null, a number, an object that was meant to be serialised)
// is a programmer error: signRequest refuses it with a SigningError, verifySignature
// answers false. A receiver reads headers an attacker wrote, so verifySignature bounds
// its work before the clock is read or any key is imported.
// ---------------------------------------------------------------------------

import { WorkflowEditorError } from '../definition/errors';

const encoder = new TextEncoder();

/** Default tolerance between the signature's timestamp and the receiver's clock. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Longest signature header {@link verifySignature} reads, in characters (8 KiB): eight
 * full sets of eight `v1` values fit in about 4.5 KiB. A longer header is `false`
 * before it is split.
 */
export const MAX_SIGNATURE_HEADER_LENGTH = 8192;

/**
 * Most space-separated sets one signature header may carry (key rotation needs two or
 * three). Every non-empty set counts, malformed ones included; a header with more is
 * `false` before any HMAC is computed.
 */
export const MAX_SIGNATURE_SETS = 8;

/**
 * Most `v1` values one set may carry. Every `v1=` item counts, malformed ones included;
 * a header with a set that has more is `false` before any HMAC is computed.
 */
export const MAX_SIGNATURES_PER_SET = 8;

/**
 * Largest timestamp written or read: twelve decimal digits (seconds, so beyond any
 * clock this code will meet), which keeps every timestamp an exact number.
 */
const MAX_TIMESTAMP = 999_999_999_999;

/** Canonical decimal seconds: no sign, no leading zero, no fraction, 1 to 12 digits. */
const CANONICAL_TIMESTAMP = /^(?:0|[1-9][0-9]{0,11})$/;

/** The bytes a signature covers besides its timestamp: what was sent, byte for byte. */
export type SignedBody = string | Uint8Array | ArrayBuffer;

/**
 * A Web Crypto key (`CryptoKey`) as the declarations name it: by its shape, not by the DOM
 * library's global, so they check in a Node-only TypeScript project too (no "dom" lib;
 * @types/node 20 declares no global `CryptoKey`). Every `CryptoKey` is one.
 */
export interface SigningKey {
  readonly type: string;
  readonly extractable: boolean;
  readonly algorithm: { readonly name: string };
  readonly usages: readonly string[];
}

/** Why {@link signRequest} or {@link importSigningKey} refused its input. */
export type SigningErrorCode =
  /** The secret is the empty string: an HMAC key needs at least one byte. */
  | 'empty_secret'
  /** The secret is neither a string nor an HMAC-SHA256 signing `CryptoKey`. */
  | 'invalid_secret'
  /** The body is not a string, a Uint8Array or an ArrayBuffer. */
  | 'invalid_body'
  /** `now` is not a function or gave no time between 1970 and twelve-digit seconds. */
  | 'invalid_clock'
  /** The options are not an object. */
  | 'invalid_options';

/**
 * A refusal by {@link signRequest} or {@link importSigningKey}: the input cannot be
 * signed. `code` says which input; the message says what was expected and never
 * contains the secret or the body.
 */
export class SigningError extends WorkflowEditorError<SigningErrorCode> {
  constructor(code: SigningErrorCode, message: string) {
    super(code, message);
    this.name = 'SigningError';
  }
}

/** Options of {@link signRequest}. */
export interface SignRequestOptions {
  /**
   * The exact bytes sent (a string is UTF-8 encoded); `""` or absent when there is no
   * body. Anything else is refused with a {@link SigningError} `invalid_body`:
   * serialise first (e.g. `JSON.stringify`) and sign the text you send.
   */
  body?: SignedBody;
  /**
   * The shared secret (not empty), or an HMAC-SHA256 key made from it with
   * {@link importSigningKey} (cheaper when signing often).
   */
  secret: string | SigningKey;
  /** Clock in epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** Options of {@link verifySignature}. */
export interface VerifySignatureOptions {
  /** The signature header's value, possibly several space-separated `t=...,v1=...` sets. */
  header: string | null | undefined;
  /**
   * The raw body received, byte for byte (`""` when there was none). Anything other than
   * a string, a Uint8Array or an ArrayBuffer gives `false`.
   */
  body: SignedBody;
  /** The shared secret. An empty string is no secret and is ignored. */
  secret?: string;
  /**
   * Several accepted secrets (key rotation); a match with one of them is enough. Empty
   * entries are skipped, so an unset previous secret does not break verification.
   */
  secrets?: readonly string[];
  /**
   * Largest accepted distance between `t` and now, either way: a finite number of
   * seconds, 0 or more (anything else verifies nothing). @default 300
   */
  toleranceSeconds?: number;
  /** Clock in epoch milliseconds. @default Date.now */
  now?: () => number;
}

// Brand checks rather than instanceof: bytes made in another realm (a worker, an
// iframe, jsdom) are bytes too, and an object merely claiming a tag is not.
// eslint-disable-next-line @typescript-eslint/unbound-method -- a getter, called on the value checked
const typedArrayName = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype) as object,
  Symbol.toStringTag,
)?.get as ((this: unknown) => unknown) | undefined;
// eslint-disable-next-line @typescript-eslint/unbound-method -- a getter, called on the value checked
const arrayBufferByteLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')?.get as
  ((this: unknown) => number) | undefined;

function isUint8Array(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && typedArrayName?.call(value) === 'Uint8Array';
}

function isArrayBuffer(value: unknown): value is ArrayBuffer {
  if (value instanceof ArrayBuffer) return true;
  if (typeof value !== 'object' || value === null || !arrayBufferByteLength) return false;
  try {
    arrayBufferByteLength.call(value);
    return true;
  } catch {
    return false;
  }
}

/** The bytes of a body, or undefined when it is not one of the accepted kinds. */
function toBytes(body: unknown): Uint8Array | undefined {
  if (typeof body === 'string') return encoder.encode(body);
  if (isUint8Array(body)) return body;
  if (isArrayBuffer(body)) return new Uint8Array(body);
  return undefined;
}

/** What kind of value was given, for messages: never the value, which may be secret. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (ArrayBuffer.isView(value)) return 'a typed array or DataView other than Uint8Array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/** The bytes a signature covers: `"<t>."` followed by the raw body. */
export function signedPayload(timestamp: number, body: Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${timestamp}.`);
  const payload = new Uint8Array(prefix.length + body.length);
  payload.set(prefix, 0);
  payload.set(body, prefix.length);
  return payload;
}

/** The secret as a key's bytes source, or a SigningError saying why it cannot be one. */
function checkedSecret(secret: unknown): string {
  if (typeof secret !== 'string') {
    throw new SigningError(
      'invalid_secret',
      `The signing secret must be a non-empty string or a key from importSigningKey (got ${kindOf(secret)}).`,
    );
  }
  if (secret === '') {
    // Web Crypto refuses a zero-length HMAC key while node:crypto accepts one; refusing
    // here gives one answer everywhere, and a signature no secret protects is no signature.
    throw new SigningError(
      'empty_secret',
      'The signing secret is empty: an HMAC-SHA256 key needs at least one byte. Check that the secret was set and loaded.',
    );
  }
  return secret;
}

function importHmacKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

/**
 * A non-extractable HMAC-SHA256 signing key for a secret. Importing costs more than
 * signing, so a sender that signs many requests imports once and passes the key.
 * Rejects with a {@link SigningError}: `empty_secret` for `""`, `invalid_secret` for a
 * value that is not a string.
 */
export async function importSigningKey(secret: string): Promise<SigningKey> {
  return importHmacKey(checkedSecret(secret), 'sign');
}

function isCryptoKey(value: unknown): value is CryptoKey {
  if (typeof CryptoKey === 'function' && value instanceof CryptoKey) return true;
  try {
    return Object.prototype.toString.call(value) === '[object CryptoKey]';
  } catch {
    return false;
  }
}

/** The key to sign with: the given key if it can make this signature, else imported. */
async function signingKeyOf(secret: unknown): Promise<CryptoKey> {
  if (!isCryptoKey(secret)) return importHmacKey(checkedSecret(secret), 'sign');
  // Read defensively: an object that only claims to be a CryptoKey may lack these.
  const algorithm = secret.algorithm as Partial<HmacKeyAlgorithm> | undefined;
  const usages: unknown = secret.usages;
  if (
    algorithm?.name !== 'HMAC' ||
    algorithm.hash?.name !== 'SHA-256' ||
    !Array.isArray(usages) ||
    !usages.includes('sign')
  ) {
    throw new SigningError(
      'invalid_secret',
      'The signing key must be an HMAC-SHA256 key usable for signing, as importSigningKey makes.',
    );
  }
  return secret;
}

/** Whole seconds of the clock, or a SigningError when no canonical timestamp comes of it. */
function signingTimestamp(now: unknown): number {
  if (now !== undefined && typeof now !== 'function') {
    throw new SigningError(
      'invalid_clock',
      `now must be a function returning epoch milliseconds (got ${kindOf(now)}).`,
    );
  }
  const milliseconds: unknown = now === undefined ? Date.now() : (now as () => unknown)();
  const seconds = typeof milliseconds === 'number' ? Math.floor(milliseconds / 1000) : Number.NaN;
  if (!(seconds >= 0 && seconds <= MAX_TIMESTAMP)) {
    const got = typeof milliseconds === 'number' ? String(milliseconds) : kindOf(milliseconds);
    throw new SigningError(
      'invalid_clock',
      `now() must return epoch milliseconds from 1970 on, below ${MAX_TIMESTAMP + 1} seconds (got ${got}).`,
    );
  }
  return seconds;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function toHex(bytes: ArrayBuffer): string {
  let hex = '';
  for (const byte of new Uint8Array(bytes)) hex += HEX[byte]!;
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
 * Rejects with a {@link SigningError} instead of signing what cannot be verified: an
 * empty secret (`empty_secret`), a secret that is neither a string nor an HMAC-SHA256
 * signing key (`invalid_secret`), a body that is not a string, Uint8Array or
 * ArrayBuffer (`invalid_body`), a clock that gives no time from 1970 to twelve-digit
 * seconds (`invalid_clock`), options that are not an object (`invalid_options`).
 *
 * @example
 * const value = await signRequest({ body: JSON.stringify(payload), secret });
 * await fetch(url, { method: 'POST', body: JSON.stringify(payload), headers: { 'Persona-Signature': value } });
 */
export async function signRequest(options: SignRequestOptions): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- callers in plain JavaScript may pass anything
  if (typeof options !== 'object' || options === null) {
    throw new SigningError(
      'invalid_options',
      `signRequest needs an options object { body, secret } (got ${kindOf(options)}).`,
    );
  }
  const body = options.body === undefined ? new Uint8Array(0) : toBytes(options.body);
  if (!body) {
    throw new SigningError(
      'invalid_body',
      `The body to sign must be the exact bytes sent: a string, a Uint8Array or an ArrayBuffer (got ${kindOf(options.body)}). Serialise it first, e.g. with JSON.stringify, and sign that text.`,
    );
  }
  const timestamp = signingTimestamp(options.now);
  const key = await signingKeyOf(options.secret);
  const mac = await crypto.subtle.sign('HMAC', key, signedPayload(timestamp, body));
  return `t=${timestamp},v1=${toHex(mac)}`;
}

/** One `t=...,v1=...` set of a signature header. */
interface SignatureSet {
  timestamp: number;
  signatures: Uint8Array<ArrayBuffer>[];
}

/** Spaces and tabs, the whitespace an HTTP header value can hold. */
const SET_SEPARATOR = /[ \t]+/;

/**
 * The well-formed sets of a header, or undefined when it exceeds a cap. One pass over
 * the text (each split visits every character once), so the work grows linearly with
 * the header, and the length cap bounds it before this runs.
 */
function parseSignatureHeader(header: string): SignatureSet[] | undefined {
  const sets: SignatureSet[] = [];
  let setCount = 0;
  for (const part of header.split(SET_SEPARATOR)) {
    if (part === '') continue; // before leading or after trailing whitespace
    if (++setCount > MAX_SIGNATURE_SETS) return undefined;
    let timestamp: number | undefined;
    let timestampCount = 0;
    let valueCount = 0;
    const signatures: Uint8Array<ArrayBuffer>[] = [];
    for (const item of part.split(',')) {
      const separator = item.indexOf('=');
      if (separator === -1) continue;
      const name = item.slice(0, separator);
      const value = item.slice(separator + 1);
      if (name === 't') {
        // Two timestamps make the set ambiguous: which one did the sender sign?
        timestampCount++;
        timestamp = CANONICAL_TIMESTAMP.test(value) ? Number(value) : undefined;
      } else if (name === 'v1') {
        if (++valueCount > MAX_SIGNATURES_PER_SET) return undefined;
        const bytes = fromHex(value);
        if (bytes) signatures.push(bytes);
      }
      // Other names (a future scheme) are ignored, as the format allows.
    }
    if (timestampCount === 1 && timestamp !== undefined && signatures.length > 0) sets.push({ timestamp, signatures });
  }
  return sets;
}

/** The distinct non-empty string secrets; anything else is no secret. */
function usableSecrets(secrets: unknown, secret: unknown): string[] {
  const usable = new Set<string>();
  // Only a real array: spreading a string would make one secret per character.
  if (Array.isArray(secrets)) {
    for (const entry of secrets as unknown[]) if (typeof entry === 'string' && entry !== '') usable.add(entry);
  }
  if (typeof secret === 'string' && secret !== '') usable.add(secret);
  return [...usable];
}

/** The clock's epoch milliseconds, or undefined when it is not a usable clock. */
function readClock(now: unknown): number | undefined {
  if (now !== undefined && typeof now !== 'function') return undefined;
  const milliseconds: unknown = now === undefined ? Date.now() : (now as () => unknown)();
  return typeof milliseconds === 'number' && Number.isFinite(milliseconds) ? milliseconds : undefined;
}

/** What {@link verifySignature} works from, read once from its options. */
interface VerifyInput {
  sets: SignatureSet[];
  secrets: string[];
  body: Uint8Array;
  tolerance: number;
  nowMilliseconds: number;
}

/**
 * The options of {@link verifySignature} read and checked, or undefined when they give
 * no verifiable input. The options are the host's, so a getter, a proxy trap or a clock
 * that throws is caught here and answers `false` like any other unusable input. The
 * header is read and its caps checked first: nothing else is worth reading past them.
 */
function readVerifyOptions(options: unknown): VerifyInput | undefined {
  try {
    if (typeof options !== 'object' || options === null) return undefined;
    const given = options as Partial<Record<keyof VerifySignatureOptions, unknown>>;
    const header = given.header;
    if (typeof header !== 'string' || header.length > MAX_SIGNATURE_HEADER_LENGTH) return undefined;
    const sets = parseSignatureHeader(header);
    if (!sets || sets.length === 0) return undefined;
    const secrets = usableSecrets(given.secrets, given.secret);
    if (secrets.length === 0) return undefined;
    const body = toBytes(given.body);
    if (!body) return undefined;
    const tolerance: unknown = given.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
    // A tolerance of Infinity would accept a signature from any time: a replay forever.
    if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) return undefined;
    const nowMilliseconds = readClock(given.now);
    if (nowMilliseconds === undefined) return undefined;
    return { sets, secrets, body, tolerance, nowMilliseconds };
  } catch {
    return undefined;
  }
}

/**
 * Equality of two 32-byte MACs in time that does not depend on where they differ:
 * every byte is visited and differences are accumulated, never an early exit.
 */
function sameMac(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

/**
 * Whether a signature header is valid for a body: some `t=...,v1=...` set in it has a
 * timestamp within `toleranceSeconds` of now and a `v1` that is the HMAC of
 * `"<t>.<body>"` under one of the secrets.
 *
 * - `t` must be canonical decimal seconds: digits only, no leading zero, at most 12
 *   digits; a set with another spelling, or with two `t`, is ignored.
 * - The header is refused whole (`false`) when it is longer than
 *   {@link MAX_SIGNATURE_HEADER_LENGTH}, has more than {@link MAX_SIGNATURE_SETS} sets,
 *   or a set with more than {@link MAX_SIGNATURES_PER_SET} `v1` values. These caps are
 *   checked before the clock is read, a key imported or an HMAC computed; past them the
 *   work is at most one HMAC per distinct timestamp and secret.
 * - Empty secrets are skipped; with no non-empty secret the answer is `false`.
 * - `toleranceSeconds` must be a finite number, 0 or more (how large is the host's
 *   choice); `Infinity`, `NaN` or a negative number give `false`.
 * - The comparison is constant-time: each computed MAC is compared with every byte of
 *   a candidate, never stopping at the first difference.
 *
 * A missing or malformed header, a body that is not a string, Uint8Array or ArrayBuffer,
 * or options of the wrong kind give `false`, as do options, secrets or a clock that
 * throw when read (getters, proxies); it never throws on input.
 */
export async function verifySignature(options: VerifySignatureOptions): Promise<boolean> {
  const read = readVerifyOptions(options);
  if (!read) return false;
  const { sets, secrets, body, tolerance, nowMilliseconds } = read;
  const nowSeconds = nowMilliseconds / 1000;

  // Candidates by timestamp: sets sharing one need the MAC computed once.
  const candidates = new Map<number, Uint8Array[]>();
  for (const set of sets) {
    if (!(Math.abs(nowSeconds - set.timestamp) <= tolerance)) continue;
    const known = candidates.get(set.timestamp);
    if (known) known.push(...set.signatures);
    else candidates.set(set.timestamp, [...set.signatures]);
  }
  if (candidates.size === 0) return false;

  try {
    const keys = await Promise.all(secrets.map((secret) => importHmacKey(secret, 'sign')));
    for (const [timestamp, signatures] of candidates) {
      const payload = signedPayload(timestamp, body);
      for (const key of keys) {
        const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, payload));
        let matched = false;
        for (const signature of signatures) matched = sameMac(mac, signature) || matched;
        if (matched) return true;
      }
    }
  } catch {
    // The body's bytes are the host's (a buffer it detached meanwhile cannot be read):
    // what cannot be checked is not verified.
  }
  return false;
}
