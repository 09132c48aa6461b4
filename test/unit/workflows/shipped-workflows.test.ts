/**
 * Every shipped workflow (.github/workflows and examples/workflows), parsed by @actions/workflow-parser:
 * no parse errors, no expression in run:, third-party actions pinned, merges behind the approval
 * environment, least-privilege permissions, the model key only where the model is asked; and the job
 * graph of the reusable workflow under each scenario.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { evaluate, jobsThatRan, runScenario, type Scenario } from './job-scenarios.js';
import { loadWorkflow, type WorkflowInfo } from './load-workflow.js';
import { allProblems, hasApprovalEnvironment, OWN_REPOSITORY, ungatedJobs } from './workflow-checks.js';

const DIRS = ['.github/workflows', 'examples/workflows'];
const FILES = DIRS.flatMap((dir) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f)));
const REUSABLE = '.github/workflows/crash-autofix.yml';

async function load(file: string): Promise<WorkflowInfo> {
  return loadWorkflow(file, readFileSync(file, 'utf8'));
}

function raw(file: string): { jobs: Record<string, Record<string, unknown>>; on: Record<string, unknown> } {
  return parseYaml(readFileSync(file, 'utf8')) as { jobs: Record<string, Record<string, unknown>>; on: Record<string, unknown> };
}

/** `${{ x }}` → `x`. */
function inner(value: unknown): string {
  const match = /^\$\{\{([\s\S]*)\}\}$/.exec(String(value).trim());
  if (!match?.[1]) throw new Error(`not a single expression: ${String(value)}`);
  return match[1];
}

describe('shipped workflows', () => {
  it('are the CI, the reusable workflow and the four examples', () => {
    expect(FILES.sort()).toEqual([
      '.github/workflows/ci.yml',
      '.github/workflows/crash-autofix.yml',
      'examples/workflows/crash-autofix-revise.yml',
      'examples/workflows/crash-dump-dispatch.yml',
      'examples/workflows/crash-dump-schedule.yml',
      'examples/workflows/crash-dump-upload.yml',
    ]);
  });

  it.each(FILES.filter((f) => !f.endsWith('ci.yml')))('%s passes every check', async (file) => {
    const workflow = await load(file);
    expect(workflow.jobs.length).toBeGreaterThan(0);
    expect(allProblems(workflow)).toEqual([]);
  });

  it('ci.yml parses, pins its actions and has no expression in run:', async () => {
    const problems = allProblems(await load('.github/workflows/ci.yml'));
    // CI predates the per-job permissions rule: it sets contents: read for its one job at the top.
    expect(problems.filter((p) => !p.includes('permissions'))).toEqual([]);
  });
});

describe('the reusable workflow', () => {
  const scenarios: Array<{ name: string; scenario: Omit<Scenario, 'name'>; runs: string[] }> = [
    { name: 'approved', scenario: {}, runs: ['intake', 'fix', 'approval'] },
    { name: 'rejected (the approval job fails)', scenario: { outcomes: { approval: 'failure' } }, runs: ['intake', 'fix', 'approval', 'rejected'] },
    { name: 'build failed (the fix job fails)', scenario: { outcomes: { fix: 'failure' } }, runs: ['intake', 'fix'] },
    { name: 'cancelled during the fix', scenario: { cancelledDuring: 'fix' }, runs: ['intake', 'fix'] },
    { name: 'cancelled while waiting for approval', scenario: { cancelledDuring: 'approval' }, runs: ['intake', 'fix', 'approval'] },
    { name: 'intake failed', scenario: { outcomes: { intake: 'failure' } }, runs: ['intake'] },
    { name: 'no new bucket', scenario: { outputs: { intake: { 'new-bucket-count': '0', 'new-buckets': '[]' } } }, runs: ['intake'] },
    { name: 'deploy on, approved: the release runs through', scenario: { inputs: { deploy: true } }, runs: ['intake', 'fix', 'approval', 'deploy-test', 'stress', 'promote'] },
    { name: 'deploy on, rolled back on the test server', scenario: { inputs: { deploy: true }, outcomes: { 'deploy-test': 'failure' } }, runs: ['intake', 'fix', 'approval', 'deploy-test'] },
    { name: 'deploy on, the stress run fails (rolled back)', scenario: { inputs: { deploy: true }, outcomes: { stress: 'failure' } }, runs: ['intake', 'fix', 'approval', 'deploy-test', 'stress'] },
    { name: 'deploy on, rejected: nothing is deployed', scenario: { inputs: { deploy: true }, outcomes: { approval: 'failure' } }, runs: ['intake', 'fix', 'approval', 'rejected'] },
    { name: 'deploy on, cancelled during the stress run', scenario: { inputs: { deploy: true }, cancelledDuring: 'stress' }, runs: ['intake', 'fix', 'approval', 'deploy-test', 'stress'] },
    { name: 'deploy on, the approval merged nothing', scenario: { inputs: { deploy: true }, outputs: { approval: { 'job-ids': '[]' } } }, runs: ['intake', 'fix', 'approval'] },
  ];

  it.each(scenarios)('$name: runs $runs', async ({ name, scenario, runs }) => {
    const workflow = await load(REUSABLE);
    const outputs = { intake: { 'new-bucket-count': '1' }, approval: { 'job-ids': '["0123456789abcdef"]' }, ...scenario.outputs };
    expect(jobsThatRan(runScenario(workflow, { ...scenario, name, outputs }))).toEqual(runs);
  });

  it('ends the cancelled and failed jobs as such, and never runs the reject job without a failed approval', async () => {
    const workflow = await load(REUSABLE);
    const release = { 'deploy-test': 'skipped', stress: 'skipped', promote: 'skipped' };
    expect(runScenario(workflow, { name: 'cancel', cancelledDuring: 'fix', outputs: { intake: { 'new-bucket-count': '1' } } })).toEqual({ intake: 'success', fix: 'cancelled', approval: 'skipped', rejected: 'skipped', ...release });
    expect(runScenario(workflow, { name: 'build', inputs: { deploy: true }, outcomes: { fix: 'failure' }, outputs: { intake: { 'new-bucket-count': '1' } } })).toEqual({ intake: 'success', fix: 'failure', approval: 'skipped', rejected: 'skipped', ...release });
  });

  it('waits for the crash-fix-approval environment in the approval job, which runs the approve action after every fix', async () => {
    const workflow = await load(REUSABLE);
    const approval = workflow.jobs.find((j) => j.id === 'approval');
    expect(approval && hasApprovalEnvironment(workflow, approval)).toBe(true);
    expect(approval?.needs).toEqual(['fix']);
    expect(approval?.steps.map((s) => s.uses)).toEqual([`${OWN_REPOSITORY}/approve@v0`]);
    expect(workflow.jobs.find((j) => j.id === 'rejected')?.steps.map((s) => s.uses)).toEqual([`${OWN_REPOSITORY}/reject@v0`]);
    expect(workflow.jobs.map((j) => j.id)).toEqual(['intake', 'fix', 'approval', 'rejected', 'deploy-test', 'stress', 'promote']);
  });

  it('releases the first approved job: deploy to test, stress, then promote behind the production environment without a second deployment record', async () => {
    const workflow = await load(REUSABLE);
    const jobs = raw(REUSABLE).jobs as Record<string, { needs?: string[]; environment?: { name: string; deployment: boolean }; steps: Array<{ uses?: string; with?: Record<string, string> }>; concurrency?: { group: string } }>;
    const own = (id: string): Array<{ uses?: string; with?: Record<string, string> }> => (jobs[id]?.steps ?? []).filter((s) => s.uses?.startsWith(OWN_REPOSITORY));
    expect(own('deploy-test').map((s) => [s.uses, s.with?.['deploy-target']])).toEqual([[`${OWN_REPOSITORY}/deploy@v0`, 'test']]);
    expect(own('stress').map((s) => s.uses)).toEqual([`${OWN_REPOSITORY}/stress@v0`]);
    expect(own('promote').map((s) => [s.uses, s.with?.['deploy-target']])).toEqual([[`${OWN_REPOSITORY}/deploy@v0`, 'production']]);
    for (const id of ['deploy-test', 'stress', 'promote']) {
      const job = workflow.jobs.find((j) => j.id === id);
      expect(job && hasApprovalEnvironment(workflow, job), id).toBe(false);
      const jobId = own(id)[0]?.with?.['job-id'] ?? '';
      expect(evaluate(inner(jobId), { needs: { approval: { outputs: { 'job-ids': '["0123456789abcdef","fedcba9876543210"]' } } } }).coerceString()).toBe('0123456789abcdef');
    }
    expect(jobs.promote?.environment).toEqual({ name: '${{ inputs.production-environment }}', deployment: false });
    expect(jobs['deploy-test']?.concurrency?.group).toBe('crash-autofix-test-server');
    expect(jobs.stress?.concurrency?.group).toBe('crash-autofix-test-server');
    // Their approval is upstream: every release job needs the approval job, which waits on the gate environment.
    expect(ungatedJobs(workflow)).toEqual([]);
  });

  it('runs one fix job per bucket on the runner labels given, one at a time per signature, at most max-parallel at once', async () => {
    const workflow = await load(REUSABLE);
    const fix = raw(REUSABLE).jobs.fix as { 'runs-on': string; strategy: { 'max-parallel': string; 'fail-fast': boolean; matrix: { bucket: string } }; concurrency: { group: string } };
    expect(inner(fix['runs-on']).trim()).toBe('fromJSON(inputs.runs-on)');
    expect(evaluate(inner(fix['runs-on']), { inputs: workflow.inputDefaults }).coerceString()).toBe('Array');
    expect(workflow.inputDefaults['runs-on']).toBe('["self-hosted","windows"]');
    expect(inner(fix.strategy.matrix.bucket).trim()).toBe('fromJSON(needs.intake.outputs.new-buckets)');
    expect(inner(fix.strategy['max-parallel']).trim()).toBe('inputs.max-parallel');
    expect(fix.strategy['fail-fast']).toBe(false);
    const group = fix.concurrency.group.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => evaluate(e, { matrix: { bucket: { signature: 'SIGSEGV-0123456789ab' } } }).coerceString());
    expect(group).toBe('crash-autofix-SIGSEGV-0123456789ab');
  });

  describe('intake', () => {
    const intake = raw(REUSABLE).jobs.intake as { outputs: Record<string, string> };
    const buckets = (inputs: Record<string, string>, scan: Record<string, string> = {}): unknown =>
      JSON.parse(evaluate(inner(intake.outputs['new-buckets']), { inputs: { 'dump-url': '', 'dump-sha256': '', 'dump-dir': '', ...inputs }, github: { run_id: '4242' }, steps: { scan: { outputs: scan } } }).coerceString());

    it('turns a dump-url into a one-bucket list, quoting whatever the address holds', () => {
      const url = String.raw`\\fileserver\dumps\world "eu" {1}.dmp`;
      const sha = 'a'.repeat(64);
      expect(buckets({ 'dump-url': url, 'dump-sha256': sha })).toEqual([{ signature: `sha256-${sha}`, dump: url, sha256: sha, count: 1, scope: 'url', build: '' }]);
      expect(buckets({ 'dump-url': 'https://dumps.example.com/a.dmp' })).toEqual([{ signature: 'run-4242', dump: 'https://dumps.example.com/a.dmp', sha256: '', count: 1, scope: 'url', build: '' }]);
    });

    it('fails in one line when neither or both of dump-url and dump-dir are given', () => {
      const check = (raw(REUSABLE).jobs.intake as { steps: Array<{ if?: string; run?: string }> }).steps[0];
      const fails = (url: string, dir: string): boolean => evaluate(check?.if ?? 'false', { inputs: { 'dump-url': url, 'dump-dir': dir } }).coerceString() === 'true';
      expect([fails('', ''), fails('https://a/b.dmp', '\\\\fs\\d'), fails('https://a/b.dmp', ''), fails('', '\\\\fs\\d')]).toEqual([true, true, false, false]);
      expect(check?.run).toMatch(/^echo "::error::crash-autofix: give exactly one of dump-url .* and dump-dir .*"\nexit 1\n$/);
    });

    it("passes the scan's buckets and count through for a dump-dir", () => {
      const list = '[{"signature":"SIGSEGV-0123456789ab","dump":"\\\\\\\\fs\\\\d\\\\1.dmp","sha256":"b","count":3,"scope":"stable","build":"x"}]';
      expect(buckets({ 'dump-dir': '\\\\fs\\d' }, { 'new-buckets': list })).toEqual(JSON.parse(list));
      const count = evaluate(inner(intake.outputs['new-bucket-count']), { inputs: { 'dump-dir': '\\\\fs\\d' }, steps: { scan: { outputs: { 'new-bucket-count': '0' } } } });
      expect(count.coerceString()).toBe('0');
    });
  });
});

describe('the callers', () => {
  const callers = ['crash-dump-dispatch.yml', 'crash-dump-schedule.yml', 'crash-dump-upload.yml'].map((f) => `examples/workflows/${f}`);
  const reusable = raw(REUSABLE) as unknown as { on: { workflow_call: { inputs: Record<string, unknown>; secrets: Record<string, unknown> } }; jobs: Record<string, { permissions: Record<string, string> }> };

  it.each(callers)('%s calls the reusable workflow with inputs and secrets it declares and the permissions its jobs need', (file) => {
    const [job, ...others] = Object.values(raw(file).jobs) as Array<{ uses: string; with: Record<string, unknown>; secrets: Record<string, unknown>; permissions: Record<string, string> }>;
    expect(others).toEqual([]);
    expect(job?.uses).toBe(`${OWN_REPOSITORY}/.github/workflows/crash-autofix.yml@v0`);
    for (const key of Object.keys(job?.with ?? {})) expect(Object.keys(reusable.on.workflow_call.inputs)).toContain(key);
    for (const key of Object.keys(job?.secrets ?? {})) expect(Object.keys(reusable.on.workflow_call.secrets)).toContain(key);
    const rank = { none: 0, read: 1, write: 2 } as Record<string, number>;
    for (const called of Object.values(reusable.jobs)) {
      for (const [scope, level] of Object.entries(called.permissions)) expect(rank[job?.permissions[scope] ?? 'none'], `${file}: ${scope}`).toBeGreaterThanOrEqual(rank[level] ?? 0);
    }
  });

  it('the upload example takes the dump from the client payload as inputs, never in a shell line', async () => {
    const job = raw('examples/workflows/crash-dump-upload.yml').jobs.autofix as { with: Record<string, string> };
    expect(job.with['dump-url']).toBe('${{ github.event.client_payload.dump_url }}');
    expect(job.with['dump-sha256']).toBe('${{ github.event.client_payload.sha256 }}');
    expect((await load('examples/workflows/crash-dump-upload.yml')).jobs.every((j) => j.steps.length === 0)).toBe(true);
  });
});
