import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../src/base/errors.js';
import { buildSettings } from '../../../src/settings/build-settings.js';
import { captureEnvironment } from '../../../src/settings/environment.js';
import { CONFIG_MAX_BYTES, loadConfig, readConfigFile } from '../../../src/settings/load-config.js';

const FILE = '/repo/.github/crash-autofix.yml';

/** The config error loading `text` throws, checked to be one line without control characters. */
async function refusal(text: string): Promise<string> {
  const error: unknown = await loadConfig(FILE, false, async () => text).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CrashAutofixError);
  expect((error as CrashAutofixError).kind).toBe('config');
  const message = (error as Error).message;
  // eslint-disable-next-line no-control-regex -- no raw control character may reach the terminal
  expect(message).not.toMatch(/[\u0000-\u001f\u007f]/);
  return message;
}

describe('loadConfig', () => {
  it('reads settings, lists and empty files', async () => {
    const loaded = await loadConfig(FILE, false, async () => 'debugger-timeout: 90\nlabels:\n  - a\n  - b\n');
    expect(loaded).toEqual({ loaded: true, display: '.github/crash-autofix.yml', values: { 'debugger-timeout': 90, labels: ['a', 'b'] } });
    expect((await loadConfig(FILE, false, async () => '')).values).toEqual({});
    expect((await loadConfig(FILE, false, async () => '# only a comment\n')).values).toEqual({});
    expect(await loadConfig(FILE, false, async () => null)).toEqual({ loaded: false, display: '.github/crash-autofix.yml', values: {} });
  });

  it('refuses a duplicate key, naming its line', async () => {
    expect(await refusal('model: a\nlabels: [x]\nmodel: b\n')).toBe("Key 'model' appears twice in .github/crash-autofix.yml (line 3); keep one");
  });

  it('handles a file of many keys in linear time', async () => {
    // yaml's own duplicate check made 700,000 keys take over a minute; this file is at the size cap.
    const lines: string[] = [];
    for (let i = 0, size = 0; size < CONFIG_MAX_BYTES - 32; i++) {
      lines.push(`k${i}: 1`);
      size += lines[lines.length - 1]!.length + 1;
    }
    const started = performance.now();
    expect(await refusal(lines.join('\n'))).toMatch(/^Key 'k0' in \.github\/crash-autofix\.yml is not a setting; known keys: dump-url-template, server, dump-max-bytes, dump-url-insecure, symbols, /);
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('refuses text above the size cap', async () => {
    expect(await refusal(`model: ${'x'.repeat(CONFIG_MAX_BYTES)}\n`)).toBe(
      '.github/crash-autofix.yml is larger than the 1024 KiB a config file may be; it should list a few settings',
    );
  });

  it('turns YAML warnings into a config error instead of a process warning', async () => {
    const warnings: string[] = [];
    const listener = (w: Error): void => void warnings.push(w.message);
    process.on('warning', listener);
    try {
      expect(await refusal('model: !custom x\n')).toBe('.github/crash-autofix.yml is not valid YAML: Unresolved tag: !custom at line 1, column 8; fix the file');
      expect(await refusal('%FOO bar\n---\nmodel: x\n')).toMatch(/is not valid YAML: Unknown directive %FOO at line 1, column 1; fix the file$/);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    expect(warnings).toEqual([]);
  });

  it('shows NUL and ESC from the file escaped, never raw', async () => {
    // yaml's messages quote the offending line; ours keep only its position.
    expect(await refusal('labels: "\u0000\u001b[2J\n')).toMatch(/^\.github\/crash-autofix\.yml is not valid YAML: Missing closing "quote at line 2, column 1; fix the file$/);
    expect(await refusal('"\\e[2J\\0bad": 1\n')).toMatch(/^Key '\\x1b\[2J\\x00bad' in \.github\/crash-autofix\.yml is not a setting;/);
  });

  it('says what is wrong with deep nesting, missing anchors and alias bombs', async () => {
    expect(await refusal(`labels: ${'['.repeat(100_000)}`)).toMatch(/is not valid YAML: nested too deeply at line 1, column \d+; fix the file$/);
    expect(await refusal('labels: *nowhere\n')).toMatch(/^\.github\/crash-autofix\.yml is not valid YAML: .*nowhere.*; fix the file$/);
    const level = (name: string, item: string): string => `&${name} [${Array(9).fill(item).join(', ')}]`;
    const bomb = `labels: [${level('a', 'x')}, ${level('b', '*a')}, ${level('c', '*b')}, ${level('d', '*c')}, ${level('e', '*d')}]`;
    expect(await refusal(bomb)).toMatch(/^\.github\/crash-autofix\.yml is not valid YAML: Excessive alias count/);
  });

  it('refuses keys that are not plain names and values that are mappings', async () => {
    expect(await refusal('? [a, b]\n: 1\n')).toBe('.github/crash-autofix.yml has a key that is not a plain name (line 1); keys are setting names');
    expect(await refusal('model:\n  name: x\n')).toMatch(/^Key 'model' in \.github\/crash-autofix\.yml must be a non-empty string, got a mapping$/);
    expect(await refusal('- model\n')).toBe('.github/crash-autofix.yml must be a mapping of setting names to values');
  });
});

describe('readConfigFile on files that are not config files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'config-file-'));
    execFileSync('mkfifo', [path.join(dir, 'fifo.yml')]);
    await mkdir(path.join(dir, 'folder.yml'));
    await writeFile(path.join(dir, 'ok.yml'), 'model: x\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['a FIFO', 'fifo.yml', /fifo\.yml is a named pipe \(FIFO\), not a regular file; fix the 'config' setting or pass a YAML file$/],
    ['a folder', 'folder.yml', /folder\.yml is a folder; fix the 'config' setting or pass a YAML file$/],
    ['/dev/zero', '/dev/zero', /^Config file \/dev\/zero is a character device, not a regular file;/],
  ])('refuses %s as a bad setting (exit 2)', async (_what, name, expected) => {
    await expect(readConfigFile(path.resolve(dir, name))).rejects.toThrow(expected);
    await expect(readConfigFile(path.resolve(dir, name))).rejects.toMatchObject({ kind: 'config' });
  });

  it('reads a config file and says null for a missing one', async () => {
    expect(await readConfigFile(path.join(dir, 'ok.yml'))).toBe('model: x\n');
    expect(await readConfigFile(path.join(dir, 'none.yml'))).toBeNull();
  });

  it('is what buildSettings reads a named config with', async () => {
    const settings = buildSettings({
      origin: 'cli',
      values: { dump: 'core', config: path.join(dir, 'fifo.yml') },
      environment: captureEnvironment({}, dir),
      readTextFile: readConfigFile,
    });
    await expect(settings).rejects.toMatchObject({ kind: 'config', message: expect.stringMatching(/is a named pipe/) as unknown });
  });
});
