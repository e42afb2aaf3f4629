// Node's side of the CLI's I/O: reading an input file with a size limit.

import { open } from 'node:fs/promises';
import { FileTooLargeError } from './command';

/**
 * Reads a file as UTF-8, refusing it past `maxBytes` ({@link FileTooLargeError}).
 * Reads in chunks rather than trusting the size on disk, so a pipe or /dev/stdin is
 * bounded the same way; a folder rejects with code EISDIR before any read.
 */
export async function readFileAtMost(path: string, maxBytes: number): Promise<string> {
  const handle = await open(path, 'r');
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
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    await handle.close();
  }
}
