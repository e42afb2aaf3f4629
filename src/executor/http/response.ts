// ---------------------------------------------------------------------------
// Reading a fetch Response within a size limit, and turning a received response into
// the step's output.
// ---------------------------------------------------------------------------

import type { JsonValue } from '../../definition';
import { MAX_DATA_NESTING, jsonTextNestsDeeperThan, parsedHoldsNonFiniteNumber } from '../json-data';
import type { HttpsStepOutput } from '../types';
import { TOO_LARGE, type ReceivedResponse } from './transport';

/** Default limit on a response body: 10 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * Reads the whole body, or stops at `limit` bytes and cancels the rest. A declared
 * `Content-Length` over the limit fails before reading anything. The limit is on the
 * body as fetch hands it over, decoded: a `Content-Length` is trusted to be within it
 * only for a body without a content coding, since a small gzip body can decode to far more.
 */
export async function readBodyWithin(response: Response, limit: number): Promise<Uint8Array | typeof TOO_LARGE> {
  const declared = response.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared)) {
    if (Number(declared) > limit) {
      await response.body?.cancel().catch(() => undefined);
      return TOO_LARGE;
    }
    if (!response.headers.has('content-encoding')) {
      // Within the limit and not encoded; fetch itself refuses a body longer than declared.
      return new Uint8Array(await response.arrayBuffer());
    }
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** `application/json`, `application/problem+json`, `text/json`... with any parameters. */
function saysJson(contentType: string | null): boolean {
  if (contentType === null) return false;
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || mediaType === 'text/json' || mediaType.endsWith('+json');
}

const utf8 = new TextDecoder();

/**
 * The body's text in the character set the response declares (`charset=` of its
 * Content-Type, any label the WHATWG Encoding Standard knows: `iso-8859-1`, `shift_jis`…),
 * else UTF-8, the default of JSON and of most APIs. A label the engine does not know
 * decodes as UTF-8 too, as a browser does. Bytes invalid in the encoding become U+FFFD.
 */
function decodeBody(bytes: Uint8Array, contentType: string | undefined): string {
  const label = contentType && /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  if (label) {
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // Not a label the engine knows: UTF-8 below.
    }
  }
  return utf8.decode(bytes);
}

/** Marks a JSON body nested deeper than {@link MAX_DATA_NESTING} levels. */
export const TOO_DEEP = Symbol('response nested too deep');

/**
 * The step's output: status, lower-cased headers, and the body (decoded in the charset it
 * declares) parsed as JSON when the response says JSON (text when it says JSON but is not valid JSON, e.g. empty, or holds
 * a number beyond a double's range), or
 * {@link TOO_DEEP} for JSON nested deeper than the limit. Redaction, references and
 * serialising the result recurse over bodies, so the limit is what keeps them within
 * the call stack; the check scans the text without recursion, and only for valid JSON
 * (JSON.parse itself does not recurse in the engines the executor runs on).
 */
export function toOutput(response: ReceivedResponse, bytes: Uint8Array): HttpsStepOutput | typeof TOO_DEEP {
  const { headers } = response;
  const text = decodeBody(bytes, headers['content-type']);
  let body: JsonValue = text;
  if (saysJson(headers['content-type'] ?? null) && text.trim() !== '') {
    try {
      body = JSON.parse(text) as JsonValue;
    } catch {
      return { status: response.status, headers, body: text };
    }
    if (jsonTextNestsDeeperThan(text, MAX_DATA_NESTING)) return TOO_DEEP;
    // A number beyond a double's range parsed as Infinity, which no result may hold: the
    // body stays text, as for text that is not JSON, so a reference into it fails rather
    // than reading null.
    if (parsedHoldsNonFiniteNumber(text, body)) return { status: response.status, headers, body: text };
  }
  return { status: response.status, headers, body };
}
