import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEntry } from '../../../src/util/is-entry.js';

describe('isEntry', () => {
  let dir: string;
  let script: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'is-entry-'));
    script = path.join(dir, 'index.js');
    await writeFile(script, '');
    await symlink(script, path.join(dir, 'crash-autofix'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is true for the script node was started with, also through a bin link', () => {
    expect(isEntry(pathToFileURL(script).href, script)).toBe(true);
    expect(isEntry(pathToFileURL(script).href, path.join(dir, 'crash-autofix'))).toBe(true);
  });

  it('is false when the module was imported by another script, or there is no script', () => {
    expect(isEntry(pathToFileURL(script).href, path.join(dir, 'other.js'))).toBe(false);
    expect(isEntry(pathToFileURL(script).href, undefined)).toBe(false);
    expect(isEntry('data:text/javascript,', script)).toBe(false);
  });
});
