// Node's side of the CLI's I/O: reading an input file with a size limit.

import { open } from 'node:fs/promises';
import { FileTooLargeError, InvalidUtf8Error } from './command';

/**
 * Decodes UTF-8, refusing what is not (JSON text must be UTF-8, RFC 8259): a lenient
 * decoder would turn invalid bytes into U+FFFD, and `validate` would pass and `export`
 * would write a document that is not the one on disk. `ignoreBOM` keeps a leading byte
 * order mark in the text, as Buffer's decoder did: the readers skip it, and the
 * definition counts it in line 1's columns.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a file as UTF-8, refusing it past `maxBytes` ({@link FileTooLargeError}) and
 * when its bytes are not UTF-8 ({@link InvalidUtf8Error}). Reads in chunks rather than
 * trusting the size on disk, so a pipe or /dev/stdin is bounded the same way; a folder
 * rejects with code EISDIR before any read.
 */
export async function readFileAtMost(path: string, maxBytes: number): Promise<string> {
  const handle = await open(path, 'r');
  let bytes: Buffer;
  try {
    const info = await handle.stat();
    // Node's own error for reading a folder (plain, with its errno code), so callers handle both alike.
    if (info.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    if (info.isFile() && info.size > maxBytes) throw new FileTooLargeError(maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new FileTooLargeError(maxBytes);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    bytes = Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
  try {
    return utf8.decode(bytes);
  } catch {
    // The decoder says only that the bytes are not UTF-8; the scan below says where.
    const offset = firstInvalidUtf8(bytes) ?? 0;
    throw new InvalidUtf8Error(offset, lineAt(bytes, offset));
  }
}

/** Whether `byte` continues a UTF-8 sequence (10xxxxxx) and lies within `low`..`high`. */
function continues(byte: number | undefined, low = 0x80, high = 0xbf): boolean {
  return byte !== undefined && byte >= low && byte <= high;
}

/**
 * Offset of the first byte that starts no well-formed UTF-8 sequence (the Unicode
 * table of well-formed sequences: no overlong forms, no surrogates, nothing past
 * U+10FFFF, none cut short), or undefined when every byte is in one.
 */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    let length: number;
    if (lead < 0x80) length = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) length = continues(bytes[index + 1]) ? 2 : 0;
    else if (lead >= 0xe0 && lead <= 0xef) {
      // E0 would be overlong below A0; ED above 9F would be a surrogate.
      const second =
        lead === 0xe0
          ? continues(bytes[index + 1], 0xa0)
          : lead === 0xed
            ? continues(bytes[index + 1], 0x80, 0x9f)
            : continues(bytes[index + 1]);
      length = second && continues(bytes[index + 2]) ? 3 : 0;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      // F0 would be overlong below 90; F4 above 8F would be past U+10FFFF.
      const second =
        lead === 0xf0
          ? continues(bytes[index + 1], 0x90)
          : lead === 0xf4
            ? continues(bytes[index + 1], 0x80, 0x8f)
            : continues(bytes[index + 1]);
      length = second && continues(bytes[index + 2]) && continues(bytes[index + 3]) ? 4 : 0;
    } else length = 0;
    if (length === 0) return index;
    index += length;
  }
  return undefined;
}

/** The 1-based line of the byte at `offset`: `\n`, `\r\n` and `\r` end a line, as in the definition's positions. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) {
    const byte = bytes[index];
    if (byte === 0x0a || (byte === 0x0d && bytes[index + 1] !== 0x0a)) line++;
  }
  return line;
}
