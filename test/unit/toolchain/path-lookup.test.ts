import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathLookup } from '../../../src/toolchain/path-lookup.js';

describe.skipIf(process.platform === 'win32')('pathLookup', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'caf-path-'));
    await mkdir(path.join(dir, 'a'));
    await mkdir(path.join(dir, 'b'));
    await mkdir(path.join(dir, 'a', 'ccache')); // a folder is not a program
    await writeFile(path.join(dir, 'a', 'sccache'), '#!/bin/sh\n'); // not executable
    await writeFile(path.join(dir, 'b', 'ccache'), '#!/bin/sh\n');
    await chmod(path.join(dir, 'b', 'ccache'), 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds the first executable file in the given PATH only', async () => {
    const which = pathLookup(`${path.join(dir, 'a')}:${path.join(dir, 'b')}`, 'linux');
    expect(await which('ccache')).toBe(path.join(dir, 'b', 'ccache'));
    expect(await which('sccache')).toBeNull();
    expect(await pathLookup('', 'linux')('ccache')).toBeNull();
    expect(await pathLookup(undefined, 'linux')('sh')).toBeNull();
  });
});
