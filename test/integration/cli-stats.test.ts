import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalCrashDatabase } from '../../src/adapters/crash-db/local-crash-database.js';
import type { CrashEvent } from '../../src/domain/crash-record.js';
import { GitHubCrashDatabase } from '../../src/adapters/github/github-crash-database.js';
import { OctokitGitHubClient } from '../../src/adapters/github/octokit-github-client.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';
import { makeTempDir } from '../fixtures/git-repo.js';
import { errorLines, runCli } from '../fixtures/run-cli.js';

const DAY_MS = 86_400_000;
const TOKEN = 'ghs_statsTestToken0123456789abcdef';
/** Days before now: the seed lives in the CLI's own "now". */
const ago = (days: number, minutes = 0): string => new Date(Date.now() - days * DAY_MS + minutes * 60_000).toISOString();

function dump(signature: string, id: string, at: string, module: string | null): CrashEvent {
  return { kind: 'occurrence', id, signature, at, title: `crash in ${signature}`, module, jobId: `job-${id}`, dumpSha256: null, build: 'b1', server: 'realm-1' };
}

/**
 * Three crashes, answers by hand for the last 30 days:
 * S1 (2 dumps now, 1 forty days ago): fix, builds 1 of 2, PR 20 minutes after its first dump, critical, approved.
 * S2 (1 dump): low confidence, an issue. S3 (1 dump): skipped (no key).
 * Analysed 2 of 3; compiled 1 of 2; approved 1 of 1; time to PR 20 min; intervention 1 of 3 (S2's issue),
 * touchpoints 1/3; critical 0 of 1; tokens (1200 + 600) / 2 = 900, cost 0.06 / 2, one unpriced run.
 */
function seedEvents(): CrashEvent[] {
  return [
    dump('S1', 's1-a', ago(40), 'src/game'),
    { kind: 'analysed', id: 's1-an', signature: 'S1', at: ago(40, 5), jobId: 'job-s1-a', outcome: 'fix', usage: { inputTokens: 1000, outputTokens: 200, costUsd: 0.06 }, lessons: [] },
    { kind: 'built', id: 's1-b1', signature: 'S1', at: ago(40, 10), jobId: 'job-s1-a', attempt: 1, compiled: false },
    { kind: 'built', id: 's1-b2', signature: 'S1', at: ago(40, 15), jobId: 'job-s1-a', attempt: 2, compiled: true },
    { kind: 'pr-opened', id: 's1-pr', signature: 'S1', at: ago(40, 20), jobId: 'job-s1-a', pr: { number: 21, url: 'https://github.com/acme/realm/pull/21' }, severity: 'critical' },
    { kind: 'approved', id: 's1-ok', signature: 'S1', at: ago(39), reviewers: ['lead-dev'] },
    dump('S1', 's1-b', ago(3), 'src/game'),
    dump('S1', 's1-c', ago(2), 'src/game'),
    dump('S2', 's2-a', ago(5), 'src/net'),
    { kind: 'analysed', id: 's2-an', signature: 'S2', at: ago(5, 5), jobId: 'job-s2-a', outcome: 'low-confidence', usage: { inputTokens: 500, outputTokens: 100, costUsd: null }, lessons: [] },
    { kind: 'issue-opened', id: 's2-issue', signature: 'S2', at: ago(5, 6), issue: { number: 30, url: 'https://github.com/acme/realm/issues/30' } },
    dump('S3', 's3-a', ago(1), null),
    { kind: 'analysed', id: 's3-an', signature: 'S3', at: ago(1, 1), jobId: 'job-s3-a', outcome: 'skipped', usage: null, lessons: [] },
  ];
}

async function seededStateDir(): Promise<string> {
  const state = await makeTempDir('stats-state-');
  await (await LocalCrashDatabase.create(path.join(state, 'crash-db.json'))).record(seedEvents());
  return state;
}

interface StatsJson {
  crashes: number;
  dumps: number;
  criteria: { key: string; actual: number | null; met: boolean | null; also: { value: number | null } | null; basis: string }[];
  spend: { crashes: number; tokensPerCrash: number | null; costPerCrashUsd: number | null; unpricedRuns: number };
  topCrashers: { rank: number; signature: string; count: number; percentOfAll: number; trend: { kind: string }; status: string; link: { url: string } | null }[];
  weeks: { week: string; count: number }[];
}

describe('crash-autofix stats', () => {
  it('prints the six numbers, model use, top crashers and the weekly chart from the local database', async () => {
    const state = await seededStateDir();
    const run = await runCli(['stats', '--state-dir', state]);
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain('3 crash(es) seen in the window, 4 dump(s).');
    expect(out).toContain('| Analysed automatically | ≥ 90% | 66.7% | ❌ | 2 of 3 crashes |');
    expect(out).toContain('| Fixes that compile | ≥ 80% | 50% | ❌ | 1 of 2 builds |');
    expect(out).toContain('| PRs approved | ≥ 70% | 100% | ✅ | 1 of 1 decided |');
    expect(out).toContain('| Time from dump to PR (median) | < 30 min | 20 min (p90 20 min) | ✅ | 1 pull requests |');
    expect(out).toContain('| Human intervention | < 5% | 33.3% (0.33 per crash) | ❌ | 1 of 3 crashes |');
    expect(out).toContain('| Critical fixes rejected or regressed | 0 | 0 | ✅ | 1 critical fixes |');
    expect(out).toContain('**Model use per crash:** 900 tokens, $0.03 (over 2 crash(es) the model was asked about; 1 run(s) of a model without a known price are not in the cost)');
    // The terminal gets the Markdown without its escapes.
    expect(out).toContain('| 1 | `S1` crash in S1 | 2 | 50% | ▲ +100% (rank 1 before) | ');
    expect(out).toMatch(/\| 2 \| `S3` crash in S3 \| 1 \| 25% \| 🆕 new \| [0-9-]{10} \| new \| — \|/);
    expect(out).toMatch(/\| 3 \| `S2` crash in S2 \| 1 \| 25% \| 🆕 new \| [0-9-]{10} \| low-confidence \| \[issue #30\]\(https:\/\/github.com\/acme\/realm\/issues\/30\) \|/);
    expect(out).toContain('```mermaid\nxychart-beta');
    const bars = /bar \[([0-9, ]+)\]/.exec(out)?.[1]?.split(', ').map(Number) ?? [];
    expect(bars.reduce((a, b) => a + b, 0)).toBe(4);
    expect(run.stderr).toContain(`Crash database: ${path.join(state, 'crash-db.json')}`);
  });

  it('prints the same figures as JSON with --json', async () => {
    const state = await seededStateDir();
    const run = await runCli(['stats', '--state-dir', state, '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as StatsJson;
    expect(json.crashes).toBe(3);
    expect(json.dumps).toBe(4);
    const actual = Object.fromEntries(json.criteria.map((c) => [c.key, c.actual]));
    expect(actual).toEqual({ analysed: (100 * 2) / 3, compiled: 50, approved: 100, 'time-to-pr': 20, intervention: 100 / 3, 'critical-false-positives': 0 });
    expect(json.spend).toEqual({ crashes: 2, tokensPerCrash: 900, costPerCrashUsd: 0.03, unpricedRuns: 1 });
    expect(json.topCrashers.map((t) => [t.rank, t.signature, t.count, t.trend.kind, t.status])).toEqual([
      [1, 'S1', 2, 'up', 'approved'],
      [2, 'S3', 1, 'new', 'new'],
      [3, 'S2', 1, 'new', 'low-confidence'],
    ]);
    expect(json.topCrashers[0]?.link?.url).toBe('https://github.com/acme/realm/pull/21');
    expect(json.weeks.reduce((s, w) => s + w.count, 0)).toBe(4);
  });

  it('takes --since as a day: the crashes seen from then on', async () => {
    const state = await seededStateDir();
    const run = await runCli(['stats', '--state-dir', state, '--since', ago(4).slice(0, 10), '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as StatsJson;
    // S2's dump was five days ago.
    expect(json.topCrashers.map((t) => t.signature)).toEqual(['S1', 'S3']);
  });

  it('says "no data" without a database, and creates nothing', async () => {
    const state = path.join(await makeTempDir('stats-none-'), 'state');
    const run = await runCli(['stats', '--state-dir', state]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('| Analysed automatically | ≥ 90% | no data | — | 0 of 0 crashes |');
    expect(run.stdout).not.toMatch(/\b0%/);
    expect(run.stderr).toContain(`No crash database at ${path.join(state, 'crash-db.json')} yet`);
    expect(await readdir(path.dirname(state))).toEqual([]);
  });

  it('reads the shared database, one GitHub issue per crash, with --crash-db github', async () => {
    const server = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'realm' });
    try {
      const client = await OctokitGitHubClient.create({ token: TOKEN, baseUrl: server.baseUrl, owner: 'acme', repo: 'realm' });
      await (await GitHubCrashDatabase.create(client)).record(seedEvents());
      const state = await makeTempDir('stats-github-');
      const before = server.requests.length;
      const run = await runCli(['stats', '--state-dir', state, '--crash-db', 'github', '--repository', 'acme/realm', '--json'], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: server.baseUrl });
      expect(errorLines(run.stderr)).toEqual([]);
      const json = JSON.parse(run.stdout) as StatsJson;
      expect(json.crashes).toBe(3);
      expect(Object.fromEntries(json.criteria.map((c) => [c.key, c.actual]))).toMatchObject({ compiled: 50, approved: 100, 'time-to-pr': 20 });
      expect(json.topCrashers.map((t) => t.signature)).toEqual(['S1', 'S3', 'S2']);
      expect(run.stderr).toContain('Crash database: the crash issues of acme/realm');
      // Reading changes nothing on GitHub: the CLI only sent GETs.
      const sent = server.requests.slice(before);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent.filter((r) => r.method !== 'GET')).toEqual([]);
      server.assertNoInvalidRequests();
    } finally {
      await server.close();
    }
  });

  it('refuses to count with the database off', async () => {
    const run = await runCli(['stats', '--state-dir', await seededStateDir(), '--crash-db', 'off']);
    expect(run.code).toBe(2);
    expect(errorLines(run.stderr)).toEqual(["error: The crash database is off ('crash-db: off'), so there is nothing to count; set crash-db to local or github"]);
    expect(run.stdout).toBe('');
  });

  it('refuses a bad --since in one line', async () => {
    const state = await makeTempDir('stats-bad-');
    const bad = await runCli(['stats', '--state-dir', state, '--since', '30']);
    expect(bad.code).toBe(2);
    expect(errorLines(bad.stderr)).toEqual([`error: Option '--since' must be a number of days such as 30d, or a day as YYYY-MM-DD, got "30"`]);
    const impossible = await runCli(['stats', '--state-dir', state, '--since', '2026-02-30']);
    expect(errorLines(impossible.stderr)).toEqual(["error: Option '--since' must be a number of days such as 30d, or a day as YYYY-MM-DD, got \"2026-02-30\""]);
    const future = await runCli(['stats', '--state-dir', state, '--since', '2999-01-01']);
    expect(future.code).toBe(2);
    expect(errorLines(future.stderr)).toEqual([expect.stringMatching(/^error: Option '--since' must be a day up to today \([0-9-]{10}\), got "2999-01-01"; give an earlier day or a number of days such as 30d$/)]);
  });
});
