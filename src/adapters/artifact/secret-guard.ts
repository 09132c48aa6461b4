import { readFile } from 'node:fs/promises';
import { CrashAutofixError } from '../../base/errors.js';
import { describeFsError } from '../../base/fs/fs-error.js';

/** Shorter values would match ordinary text; the same floor as the Redactor. */
const MIN_SECRET_LENGTH = 6;

/**
 * The last line of defence before files leave the runner: every file was
 * redacted when written, so a secret found here is a bug upstream, and the
 * upload is refused rather than leaking it. The message names the file, never
 * the secret.
 */
export async function assertNoSecrets(files: readonly string[], secrets: readonly string[]): Promise<void> {
  const needles = forms(secrets);
  if (needles.length === 0) return;
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      throw new CrashAutofixError('bad-input', `Cannot upload ${file}: it ${describeFsError(e, file)}; check that the job folder is complete`, { cause: e });
    }
    if (needles.some((needle) => bytes.includes(needle))) {
      throw new CrashAutofixError('policy', `Refusing to upload ${file}: it contains a secret value; the job's files must be redacted before upload, report this as a bug`);
    }
  }
}

/** Each secret as written raw and as it appears inside a JSON string (quotes, backslashes, newlines escaped). */
function forms(secrets: readonly string[]): Buffer[] {
  const out = new Map<string, Buffer>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of [secret, JSON.stringify(secret).slice(1, -1)]) out.set(form, Buffer.from(form, 'utf8'));
  }
  return [...out.values()];
}
