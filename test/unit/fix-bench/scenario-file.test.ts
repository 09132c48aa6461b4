import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO_DIR } from '../../../scripts/fix-bench/bench-fix.js';
import { toFlags } from '../../../scripts/fix-bench/prepare-scenario.js';
import { loadScenarios, parseScenario } from '../../../scripts/fix-bench/scenario-file.js';
import { CrashAutofixError } from '../../../src/base/errors.js';
import { CRASH_MODES, MINI_SERVER_DIR, expectedCrashSite } from '../../fixtures/crash-fixture.js';
import { makeTempDir } from '../../fixtures/git-repo.js';

const FILE = '/teams/scenarios/ours.json';
const GROUND = [{ file: 'src/a.cpp', startLine: 3, endLine: 4 }];

function parse(value: unknown): ReturnType<typeof parseScenario> {
  return parseScenario(FILE, JSON.stringify(value));
}

function refusal(value: unknown): string {
  try {
    parse(value);
  } catch (e) {
    expect(e).toBeInstanceOf(CrashAutofixError);
    expect((e as CrashAutofixError).kind).toBe('config');
    return (e as Error).message;
  }
  throw new Error('expected the scenario to be refused');
}

describe('the shipped scenarios', () => {
  it('cover every crash mode of the fixture, once each', async () => {
    const scenarios = await loadScenarios(DEFAULT_SCENARIO_DIR);
    const modes = scenarios.map((s) => (s.source.kind === 'fixture' ? s.source.mode : null));
    expect([...modes].sort()).toEqual([...CRASH_MODES].sort());
    for (const s of scenarios) expect(s.name).toBe(s.source.kind === 'fixture' ? s.source.mode : '');
  });

  it('name ground-truth lines that exist, with the crash marker in one of them or in their files', async () => {
    for (const s of await loadScenarios(DEFAULT_SCENARIO_DIR)) {
      if (s.source.kind !== 'fixture') continue;
      for (const r of s.groundTruth) {
        const lines = readFileSync(path.join(MINI_SERVER_DIR, r.file), 'utf8').split('\n');
        expect(r.endLine, `${s.name}: ${r.file}`).toBeLessThanOrEqual(lines.length);
        // No blank line at a range's edge: a moved fixture shows up here.
        expect(lines[r.startLine - 1]?.trim(), `${s.name}: ${r.file}:${r.startLine}`).not.toBe('');
        expect(lines[r.endLine - 1]?.trim(), `${s.name}: ${r.file}:${r.endLine}`).not.toBe('');
      }
      const site = expectedCrashSite(MINI_SERVER_DIR, s.source.mode);
      expect(s.groundTruth.map((r) => r.file), s.name).toContain(site.file);
      // Only pure-virtual's fix lies elsewhere: the crashing call is right, the destruction order is wrong.
      const covers = s.groundTruth.some((r) => r.file === site.file && site.line >= r.startLine && site.line <= r.endLine);
      expect(covers, s.name).toBe(s.name !== 'pure-virtual');
    }
  });
});

describe('parseScenario', () => {
  it("reads a team's own scenario, with paths relative to its file", () => {
    const s = parse({
      description: 'Our crash',
      repository: '../server',
      commit: 'abc123',
      dump: 'dumps/core.1',
      executable: '/opt/server/bin/worldserver',
      culprit: { file: 'src/a.cpp', line: 4 },
      settings: { 'build-target': 'worldserver', 'repro-command': '{build-dir}/worldserver --replay x', parallel: 4 },
      groundTruth: GROUND,
    });
    expect(s).toEqual({
      name: 'ours',
      file: FILE,
      description: 'Our crash',
      source: { kind: 'repository', repository: '/teams/server', commit: 'abc123', dump: '/teams/scenarios/dumps/core.1', executable: '/opt/server/bin/worldserver' },
      culprit: { file: 'src/a.cpp', line: 4 },
      settings: { 'build-target': 'worldserver', 'repro-command': '{build-dir}/worldserver --replay x', parallel: 4 },
      groundTruth: GROUND,
    });
    expect(parse({ description: 'x', repository: 'https://example.com/acme/server.git', dump: 'd', groundTruth: GROUND }).source).toMatchObject({ repository: 'https://example.com/acme/server.git', commit: null, executable: null });
  });

  it('refuses a scenario that is not usable, in one line naming the file and what to change', () => {
    expect(refusal({ description: 'x', fixture: 'null-write' })).toBe('Scenario /teams/scenarios/ours.json: groundTruth: Invalid input: expected array, received undefined; see "Measuring the fix rate" in README.md');
    expect(refusal({ description: 'x', fixture: 'segfault', groundTruth: GROUND })).toMatch(/^Scenario .*ours\.json: fixture: Invalid option/);
    expect(refusal({ description: 'x', fixture: 'null-write', dump: 'core', groundTruth: GROUND })).toContain("give either 'fixture' or 'repository' and 'dump', not both");
    expect(refusal({ description: 'x', repository: '.', groundTruth: GROUND })).toContain("needs 'fixture' (a mini-server crash mode), or 'repository' and 'dump'");
    expect(refusal({ description: 'x', fixture: 'libc', groundTruth: [{ file: 'a', startLine: 5, endLine: 4 }] })).toContain('groundTruth.0: endLine must not be before startLine');
    expect(refusal({ description: 'x', fixture: 'libc', groundTruth: GROUND, settings: { 'no-such': 'x' } })).toContain("settings: 'no-such' is not a crash-autofix setting");
    expect(refusal({ description: 'x', fixture: 'libc', groundTruth: GROUND, settings: { model: 'claude-x' } })).toContain("settings: 'model' is set by the bench itself (use --model)");
    expect(refusal({ description: 'x', fixture: 'libc', groundTruth: GROUND, settings: { 'state-dir': '/x' } })).toContain("'state-dir' is set by the bench itself");
    expect(refusal({ description: 'x', fixture: 'libc', groundTruth: GROUND, settings: { 'github-token': 'x' } })).toContain("settings: 'github-token' is not an option of 'crash-autofix fix'");
    expect(refusal({ description: 'x', fixture: 'libc', groundTruth: GROUND, extra: 1 })).toContain('Unrecognized key');
    expect(() => parseScenario(FILE, '{ "description": ')).toThrow(/^Scenario \/teams\/scenarios\/ours\.json: not valid JSON/);
  });
});

describe('loadScenarios', () => {
  it('picks scenarios by name and count, in name order, and names the ones that are missing', async () => {
    const dir = await makeTempDir('scenarios-');
    for (const name of ['b', 'a', 'c']) await writeFile(path.join(dir, `${name}.json`), JSON.stringify({ description: name, fixture: 'libc', groundTruth: GROUND }));
    await writeFile(path.join(dir, 'README.md'), 'not a scenario');
    expect((await loadScenarios(dir)).map((s) => s.name)).toEqual(['a', 'b', 'c']);
    expect((await loadScenarios(dir, ['c', 'a'])).map((s) => s.name)).toEqual(['a', 'c']);
    expect((await loadScenarios(dir, [], 2)).map((s) => s.name)).toEqual(['a', 'b']);
    await expect(loadScenarios(dir, ['a', 'zz'])).rejects.toThrow(`No scenario 'zz' in ${dir}; the scenarios are: a, b, c`);
    await expect(loadScenarios(path.join(dir, 'missing'))).rejects.toThrow(/^Cannot read the scenario folder .*missing .*; give an existing folder with --scenarios$/);
    const empty = await makeTempDir('scenarios-');
    await expect(loadScenarios(empty)).rejects.toThrow(`No scenario files (*.json) in ${empty}`);
  });
});

describe('toFlags', () => {
  it('turns settings into fix options, values that start with a dash included', () => {
    expect(toFlags({ 'build-target': 'server', 'configure-args': ['-DA=1', '-DB=2'], 'tests-block': true, 'allow-core-changes': false, parallel: 2 })).toEqual([
      '--build-target=server',
      '--configure-args=-DA=1',
      '--configure-args=-DB=2',
      '--tests-block',
      '--parallel=2',
    ]);
  });
});
