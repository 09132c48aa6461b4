import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { asFileError, type FileRole } from './fs-error.js';
import { openRegularFile } from './read-text-file.js';

/** SHA-256 of a whole regular file, streamed; errors are one line in the words of `role`. */
export async function sha256OfFile(file: string, role: FileRole): Promise<string> {
  const { handle } = await openRegularFile(file, role);
  await handle.close();
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) hash.update(chunk);
  } catch (e) {
    throw asFileError(file, role, e);
  }
  return hash.digest('hex');
}
