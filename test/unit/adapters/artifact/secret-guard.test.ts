import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertNoSecrets } from '../../../../src/adapters/artifact/secret-guard.js';
import { CrashAutofixError } from '../../../../src/base/errors.js';

const SECRET = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

describe('assertNoSecrets', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'secret-guard-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, content: string): Promise<string> {
    const target = path.join(dir, name);
    await writeFile(target, content);
    return target;
  }

  it('lets clean files through', async () => {
    const clean = await file('report.md', '# Crash\nSIGSEGV in main, the token was ***\n');
    await expect(assertNoSecrets([clean], [SECRET])).resolves.toBeUndefined();
  });

  it('names the first file holding a secret, without the secret', async () => {
    const clean = await file('report.md', 'nothing here\n');
    const leaky = await file('fix.diff', `+ const token = "${SECRET}";\n`);
    const error = await assertNoSecrets([clean, leaky], ['short', SECRET]).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(CrashAutofixError);
    expect((error as CrashAutofixError).kind).toBe('policy');
    expect((error as CrashAutofixError).message).toBe(
      `Refusing to upload ${leaky}: it contains a secret value; the job's files must be redacted before upload, report this as a bug`,
    );
  });

  it('finds a secret stored JSON-escaped', async () => {
    const secret = 'pass"word\\with\nbreaks';
    const leaky = await file('conversation.json', JSON.stringify({ content: `key: ${secret}` }));
    await expect(assertNoSecrets([leaky], [secret])).rejects.toThrow(`Refusing to upload ${leaky}`);
  });

  it('ignores values too short to be secrets, like the redactor', async () => {
    const text = await file('analysis.md', 'the value abc appears\n');
    await expect(assertNoSecrets([text], ['abc', ''])).resolves.toBeUndefined();
  });

  it('reports a missing file as bad input', async () => {
    const missing = path.join(dir, 'job.json');
    await expect(assertNoSecrets([missing], [SECRET])).rejects.toThrow(`Cannot upload ${missing}: it does not exist; check that the job folder is complete`);
  });
});
