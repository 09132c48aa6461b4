import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDebuggerText } from '../../src/composition/parse-debugger-text.js';
import { readCoreProgram } from '../../src/adapters/elf/elf-build-id.js';
import { diagnoseGdbOutput } from '../../src/adapters/gdb/gdb-diagnostics.js';
import { parseCoreBanner } from '../../src/adapters/gdb/gdb-output.js';
import type { RawCrash } from '../../src/domain/raw-crash.js';
import { identifyDump } from '../../src/adapters/dump-file/identify-dump.js';
import { parseMinidump } from '../../src/adapters/minidump/read-minidump.js';
import { minidumpToRawCrash } from '../../src/adapters/minidump/minidump-to-raw-crash.js';
import { CrashAutofixError } from '../../src/base/errors.js';
import { buildReport } from '../../src/triage/build-report.js';
import { buildSettings } from '../../src/settings/build-settings.js';
import { detectDebuggerText } from '../../src/stages/identify-input.js';
import { fakeEnvironment } from '../fakes/environment.js';
import { fakeCoreImage } from '../fakes/gdb-fake-elf.js';
import {
  CDB_DICTIONARY,
  CDB_SEEDS,
  CONFIG_DICTIONARY,
  CONFIG_SEEDS,
  GDB_DICTIONARY,
  GDB_SEEDS,
  GDB_STDOUT_DICTIONARY,
  GDB_STDOUT_SEEDS,
} from '../fixtures/fuzz-seeds.js';
import { Random, mutateBytes, mutateText } from '../fixtures/seeded-mutator.js';
import { cpuContext, SYNTHETIC_MODULE, syntheticMinidump } from '../fixtures/synthetic-minidump.js';

/**
 * Seeded, time-bounded fuzzing of everything that reads user input: cdb and
 * gdb texts, gdb's output, minidumps, ELF cores and the config file. Every
 * mutated input must end in success or in a CrashAutofixError whose message
 * is one line without control characters, stack or "please report", within a
 * generous bound (the point is linear parsers, not speed). FUZZ_SEED,
 * FUZZ_RUNS and FUZZ_SECONDS make a longer campaign; a failing input is
 * written to the temp folder and named in the failure.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 20);
// A quadratic parser takes minutes on these inputs; a linear one well under a second, or a few on a loaded machine.
const BOUND_MS = 30_000;

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = path.resolve(repoRoot, '..', 'shared', 'corpus');

interface Target<T> {
  name: string;
  seeds: readonly T[];
  mutate: (rng: Random, seed: T, seeds: readonly T[]) => T;
  run: (input: T) => Promise<unknown>;
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'fuzz-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs `runs` mutated inputs (fewer when the time is up) and returns how many ran. */
async function fuzz<T extends string | Uint8Array>(target: Target<T>, seed = SEED, runs = RUNS): Promise<number> {
  const rng = new Random(seed ^ hash(target.name));
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  for (; done < runs && performance.now() < deadline; done++) {
    const input = done < target.seeds.length ? target.seeds[done]! : target.mutate(rng, rng.pick(target.seeds), target.seeds);
    const started = performance.now();
    const error = await target.run(input).then(
      () => null,
      (e: unknown) => e,
    );
    const elapsed = performance.now() - started;
    const problem = judge(error, elapsed);
    if (problem) {
      const saved = path.join(os.tmpdir(), `crash-autofix-fuzz-${target.name}-${seed}-${done}`);
      await writeFile(saved, input);
      expect.fail(`${target.name}, seed ${seed}, input ${done} (saved as ${saved}): ${problem}`);
    }
  }
  return done;
}

/** What is wrong with an outcome, or null when it is fine. */
function judge(error: unknown, elapsedMs: number): string | null {
  if (elapsedMs > BOUND_MS) return `took ${Math.round(elapsedMs)} ms`;
  if (error === null) return null;
  if (!(error instanceof CrashAutofixError)) return `threw a raw ${thrown(error)}`;
  const message = error.message;
  // eslint-disable-next-line no-control-regex -- control characters must never reach a terminal
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(message)) return `message has control characters: ${JSON.stringify(message.slice(0, 300))}`;
  if (error.kind === 'internal' || /please report|^\s+at /m.test(message)) return `internal error for bad input: ${message.slice(0, 300)}`;
  if (message.length > 2000) return `message of ${message.length} characters`;
  return null;
}

function thrown(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}\n${error.stack ?? ''}` : String(error);
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

async function report(raw: RawCrash): Promise<void> {
  await buildReport(raw, {
    repoFiles: ['src/store.cpp', 'src/game/session.cpp'],
    readSource: async () => 'int main() {\n  return 0;\n}\n',
    culpritIgnore: ['Trinity::Assert'],
    contextLines: 2,
    dump: { path: null, format: 'debugger-text', fingerprint: null, executable: null },
    now: new Date(0),
  });
}

function textTarget(name: 'cdb' | 'gdb', seeds: readonly string[], dictionary: readonly string[]): Target<string> {
  return {
    name: `${name}-text`,
    seeds,
    mutate: (rng, seed, all) => mutateText(rng, seed, all, { dictionary }),
    run: async (text) => {
      detectDebuggerText(text);
      await report(parseDebuggerText(name, text));
    },
  };
}

function minidumpTarget(seeds: readonly Uint8Array[]): Target<Uint8Array> {
  return {
    name: 'minidump',
    seeds,
    mutate: (rng, seed) => mutateBytes(rng, seed),
    run: async (bytes) => report(minidumpToRawCrash(await parseMinidump(bytes, 'fuzz.dmp'))),
  };
}

const gdbStdout: Target<string> = {
  name: 'gdb-stdout',
  seeds: GDB_STDOUT_SEEDS,
  mutate: (rng, seed, all) => mutateText(rng, seed, all, { dictionary: GDB_STDOUT_DICTIONARY }),
  run: async (stdout) => {
    parseCoreBanner(stdout);
    diagnoseGdbOutput(stdout, { corePath: '/tmp/core', executablePath: '/tmp/a.out', buildIdsMatch: false });
  },
};

const config: Target<string> = {
  name: 'config',
  seeds: CONFIG_SEEDS,
  mutate: (rng, seed, all) => mutateText(rng, seed, all, { dictionary: CONFIG_DICTIONARY }),
  run: (text) => buildSettings({ origin: 'cli', command: 'fix', values: { dump: 'core' }, environment: fakeEnvironment(), readTextFile: async () => text }),
};

/** Mutated cores go through a file, as the readers open them. */
function elfTarget(): Target<Uint8Array> {
  const seeds = [
    fakeCoreImage({ programPath: '/srv/build/worldserver', buildId: 'aabbccdd00112233' }),
    fakeCoreImage({ programPath: '/srv/build/caf\u00e9/worldserver', buildId: null }),
  ];
  return {
    name: 'elf-core',
    seeds,
    mutate: (rng, seed) => mutateBytes(rng, seed),
    run: async (bytes) => {
      const file = path.join(work, 'core');
      await writeFile(file, bytes);
      await readCoreProgram(file);
      await identifyDump(file);
    },
  };
}

const inModule = SYNTHETIC_MODULE.base + 0x1234n;
const SYNTHETIC_DUMPS = [
  syntheticMinidump({ system: { arch: 9, platform: 2 }, code: 0xc0000005, address: inModule, parameters: [0n, 0x10n], context: cpuContext(1232, [[48, 4, 0x10001fn], [248, 8, inModule]]) }),
  syntheticMinidump({ system: { arch: 5, platform: 0x8203 }, code: 11, address: 0x45n, context: cpuContext(368, [[0, 4, 0x40000002n], [64, 4, 0x1000n]]) }),
  syntheticMinidump({ code: 0xc0000094, address: 0x401234n, context: cpuContext(716, [[0, 4, 0x1003fn], [184, 4, 0x401234n]]) }),
];

describe('fuzzing the readers with seeds from the repository', () => {
  it.each([
    textTarget('cdb', CDB_SEEDS, CDB_DICTIONARY),
    textTarget('gdb', GDB_SEEDS, GDB_DICTIONARY),
    gdbStdout,
    config,
  ])('$name: every mutated input gives a report or one clear line', async (target) => {
    expect(await fuzz(target)).toBeGreaterThan(target.seeds.length);
  });

  it('minidump: every mutated dump gives a report or one clear line', async () => {
    expect(await fuzz(minidumpTarget(SYNTHETIC_DUMPS))).toBeGreaterThan(SYNTHETIC_DUMPS.length);
  });

  it('elf-core: every mutated core is identified or refused with one clear line', async () => {
    expect(await fuzz(elfTarget())).toBeGreaterThan(2);
  });

  it('judges a raw error, a multi-line or control-character message and an internal error as failures', () => {
    expect(judge(new RangeError('Offset is outside the bounds of the DataView'), 1)).toMatch(/^threw a raw RangeError/);
    expect(judge(new CrashAutofixError('bad-input', 'fine'), 1)).toBeNull();
    const raw = new CrashAutofixError('bad-input', 'x');
    Object.defineProperty(raw, 'message', { value: 'bad \u001b[2J' });
    expect(judge(raw, 1)).toMatch(/control characters/);
    expect(judge(new CrashAutofixError('internal', 'invalid report; please report this'), 1)).toMatch(/^internal error/);
    expect(judge(null, BOUND_MS + 1)).toMatch(/^took/);
  });
});

const cdbCorpus = path.join(CORPUS, 'cdb');
const minidumpCorpus = path.join(CORPUS, 'minidump');
const haveCorpus = existsSync(cdbCorpus) && existsSync(minidumpCorpus);
const corpusSkipped = `corpus fuzzing skipped: ${CORPUS} is absent (the shared corpus lives beside the repository); the fuzzing with the repository's own seeds runs without it`;
if (!haveCorpus) console.warn(corpusSkipped);

describe.skipIf(!haveCorpus)(haveCorpus ? 'fuzzing the readers with the shared corpus as seeds' : corpusSkipped, () => {
  const files = (dir: string, ext: string): string[] => (haveCorpus ? readdirSync(dir).filter((f) => f.endsWith(ext)).sort() : []);

  it('cdb texts of the corpus', async () => {
    const seeds = files(cdbCorpus, '.txt').map((f) => readFileSync(path.join(cdbCorpus, f), 'utf8'));
    expect(seeds.length).toBeGreaterThan(0);
    expect(await fuzz(textTarget('cdb', seeds, CDB_DICTIONARY), SEED + 1, RUNS + seeds.length)).toBeGreaterThan(seeds.length);
  });

  it('minidumps of the corpus', async () => {
    const seeds = files(minidumpCorpus, '.dmp').map((f) => new Uint8Array(readFileSync(path.join(minidumpCorpus, f))));
    expect(seeds.length).toBeGreaterThan(0);
    expect(await fuzz(minidumpTarget(seeds), SEED + 1, RUNS + seeds.length)).toBeGreaterThan(seeds.length);
  });
});
