import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, expectedCrashSite, produceCore, type BuiltFixture } from '../fixtures/crash-fixture.js';
import { corpusFolder } from '../fixtures/corpus.js';
import { ACTION_BUNDLE, ANALYZE_BUNDLE, ANALYZE_SOURCE, inputs, runAction, type ActionRun } from '../fixtures/run-action.js';
import { outputsOf } from '../../src/composition/output-definitions.js';
import { runCli } from '../fixtures/run-cli.js';

const CLI_BUNDLE = path.resolve('dist/cli/index.js');
const cdb = corpusFolder('cdb');
const minidumps = corpusFolder('minidump');

let fixture: BuiltFixture;
let core: string;
let work: string;

beforeAll(async () => {
  fixture = await buildFixture();
  work = await mkdtemp(path.join(os.tmpdir(), 'entry-'));
  core = await produceCore(fixture.executable, 'null-read', { workDir: work });
});

/** The action on the sample server's checkout, from src unless `entry` names the bundle. */
function action(values: Record<string, string>, entry?: string): Promise<ActionRun> {
  return runAction({ GITHUB_WORKSPACE: fixture.sourceDir, ...inputs(values) }, { entry });
}

// One run of each bundle: dist/ is built from src by ncc (and checked by check-dist); the rest runs src.
describe('the bundles in dist/ (smoke tests)', () => {
  it('the action analyses a core: outputs, job summary, annotation on the culprit line', async () => {
    const run = await action({ dump: core, executable: fixture.executable, 'state-dir': path.join(work, 'state-a') }, ACTION_BUNDLE);
    expect(run.code).toBe(0);
    const site = expectedCrashSite(fixture.sourceDir, 'null-read');
    // No API key in this environment: the report goes out, the analysis is skipped.
    expect(run.outputs.status).toBe('ANALYSIS_SKIPPED');
    expect(run.outputs.culprit).toBe(`${site.file}:${site.line}`);
    expect(run.outputs['culprit-function']).toContain('WorldSession::HandlePacket');
    expect(run.outputs.signature).toMatch(/^access-violation-[0-9a-f]{12}$/);
    expect(run.outputs['exception-code']).toBe('SIGSEGV');
    const report = JSON.parse(await readFile(run.outputs['report-json'] ?? '', 'utf8')) as { signature: string };
    expect(report.signature).toBe(run.outputs.signature);
    expect(run.summary).toContain('| Job | Status | Input |');
    expect(run.summary).toContain('⚠️ ANALYSIS_SKIPPED');
    expect(run.summary).toContain('No Anthropic API key');
    expect(run.summary).toContain('WorldSession::HandlePacket');
    expect(run.stdout).toContain(`::warning title=crash-autofix%3A crash site,file=${site.file},line=${site.line}::Crash SIGSEGV`);
    expect(run.stdout).toContain('::group::Parse the crash');
    // The log ends with the state and why the job stopped short of a fix.
    expect(run.stdout.trim().split('\n').at(-1)).toBe(`Job ${run.outputs['job-id']}: ANALYSIS_SKIPPED: No Anthropic API key: set the 'anthropic-api-key' input or ANTHROPIC_API_KEY to get a root-cause analysis and a fix; the crash report was written`);
  });

  it('the analyze action (analyze/action.yml) writes the report and sets only its own outputs', async () => {
    const run = await action({ dump: core, executable: fixture.executable, 'state-dir': path.join(work, 'state-analyze') }, ANALYZE_BUNDLE);
    expect(run.code).toBe(0);
    const site = expectedCrashSite(fixture.sourceDir, 'null-read');
    // Not the fix's ANALYSIS_SKIPPED: analyze stops at the report, key or no key.
    expect(run.outputs.status).toBe('ANALYSIS_PENDING');
    expect(run.outputs.culprit).toBe(`${site.file}:${site.line}`);
    expect(run.outputs.signature).toMatch(/^access-violation-[0-9a-f]{12}$/);
    for (const name of Object.keys(run.outputs)) expect(outputsOf('analyze')).toContain(name);
    expect(run.summary).toContain('WorldSession::HandlePacket');
    expect(run.stdout).toContain(`::warning title=crash-autofix%3A crash site,file=${site.file},line=${site.line}::Crash SIGSEGV`);
    expect(run.stdout.trim().split('\n').at(-1)).toBe(`Job ${run.outputs['job-id']}: ANALYSIS_PENDING`);
  });

  it('the scan action (scan/action.yml) buckets a share with the core and sets only its own outputs', async () => {
    const share = await mkdtemp(path.join(work, 'share-'));
    await copyFile(core, path.join(share, 'core.4242'));
    const run = await action({ 'dump-dir': share, executable: fixture.executable, 'state-dir': path.join(work, 'state-scan'), 'settle-time': '0', 'github-token': '' }, path.resolve('dist/scan/index.js'));
    expect(run.code, run.stdout).toBe(0);
    const [bucket] = JSON.parse(run.outputs['new-buckets'] ?? '[]') as Array<{ signature: string; dump: string }>;
    expect(bucket).toMatchObject({ signature: expect.stringMatching(/^access-violation-[0-9a-f]{12}$/) as string, dump: path.join(share, 'core.4242') });
    for (const name of Object.keys(run.outputs)) expect(outputsOf('scan')).toContain(name);
    expect(run.summary).toContain('## crash-autofix scan');
    expect(run.stdout.trim().split('\n').at(-1)).toBe('scan: 1 new bucket(s) for the fix jobs, 1 met, 1 new dump(s)');
  });

  it.each(['approve', 'reject', 'revise'])('the %s action starts from its own bundle and fails in one line without GitHub', async (command) => {
    const run = await action({ 'state-dir': path.join(work, `state-${command}`), 'github-token': '', ...(command === 'revise' ? { 'pr-number': '7' } : {}) }, path.resolve(`dist/${command}/index.js`));
    expect(run.code).not.toBe(0);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^::error::.*GitHub/);
    expect(run.outputs.status).toBe('FAILED');
  });

  it.each(['deploy', 'stress'])('the %s action starts from its own bundle and, outside a runner, says in one line that it needs the job artifacts', async (command) => {
    const run = await action({ 'state-dir': path.join(work, `state-${command}`), 'github-token': '', ...(command === 'deploy' ? { 'deploy-command': 'true' } : {}) }, path.resolve(`dist/${command}/index.js`));
    expect(run.code).not.toBe(0);
    // The records of the run's jobs come from its artifacts, which only a runner's job can read.
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^::error::.*ACTIONS_RUNTIME_TOKEN is not set; this step must run inside a GitHub Actions job/);
    expect(run.outputs.status).toBe('FAILED');
  });

  it('the CLI prints the report of a core as JSON', () => {
    const args = ['analyze', '--dump', core, '--executable', fixture.executable, '--source-root', fixture.sourceDir, '--state-dir', path.join(work, 'cli-state'), '--json'];
    const r = spawnSync(process.execPath, [CLI_BUNDLE, ...args], { cwd: work, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { culprit: { file: string } };
    expect(report.culprit.file).toBe(expectedCrashSite(fixture.sourceDir, 'null-read').file);
    expect(r.stderr).toContain('▶ Parse the crash');
  });
});

describe('the action (src/entrypoints/action/run-action.ts, started as the runner starts it)', () => {
  it('resumes instead of re-running on a second run with the same state folder', async () => {
    const state = path.join(work, 'state-b');
    const first = await action({ dump: core, executable: fixture.executable, 'state-dir': state });
    const second = await action({ dump: core, executable: fixture.executable, 'state-dir': state });
    expect(first.outputs.status).toBe('ANALYSIS_SKIPPED');
    expect(first.stdout).toContain('::group::Parse the crash');
    expect(second.code).toBe(0);
    expect(second.outputs.signature).toBe(first.outputs.signature);
    expect(second.stdout).toContain('at ANALYSIS_SKIPPED; resuming');
    expect(second.stdout).not.toContain('::group::Parse the crash');
  });

  it('finishes the job with a warning where the runner offers no job summary (local-action without one)', async () => {
    const run = await runAction({ GITHUB_WORKSPACE: fixture.sourceDir, ...inputs({ dump: core, executable: fixture.executable, 'state-dir': path.join(work, 'state-nosummary') }), GITHUB_STEP_SUMMARY: '' });
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('ANALYSIS_SKIPPED');
    expect(run.stdout).toContain('::warning::The job summary could not be written: Unable to find environment variable for $GITHUB_STEP_SUMMARY');
    expect(run.stdout).not.toContain('::error::');
  });

  it('fails with one line naming the input for a bad setting', async () => {
    const run = await action({ dump: core, 'debugger-timeout': 'soon' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error::FAILED before the job started: Input 'debugger-timeout' must be a whole number of seconds from 1 to 2147483 (about 24 days), got "soon"`);
    // A workflow still gets the outputs and a summary to read.
    expect(run.outputs.status).toBe('FAILED');
    expect(run.outputs.error).toBe(`Input 'debugger-timeout' must be a whole number of seconds from 1 to 2147483 (about 24 days), got "soon"`);
    expect(run.summary).toContain('❌ FAILED');
    expect(run.summary).toContain("**Failed before the job started:** Input 'debugger\\-timeout' must be a whole number of seconds from 1 to 2147483 \\(about 24 days\\)");
  });

  it('writes the summary and the outputs for a config file that is not YAML', async () => {
    const config = path.join(work, 'bad-config.yml');
    await writeFile(config, 'symbols: [unclosed\n');
    const run = await action({ dump: core, executable: fixture.executable, config, 'state-dir': path.join(work, 'state-yaml') });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('FAILED');
    expect(run.outputs.error).toContain('bad-config.yml is not valid YAML');
    expect(run.summary).toContain('**Failed before the job started:**');
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^::error::FAILED before the job started: .*bad-config\.yml is not valid YAML/);
  });

  it('fails cleanly on a file that is not a dump, writing no report', async () => {
    const notDump = path.join(work, 'notes.txt');
    await writeFile(notDump, 'this is not a dump\n');
    const state = path.join(work, 'state-c');
    const run = await action({ dump: notDump, 'state-dir': state });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('FAILED');
    expect(run.stdout).toMatch(/::error::.*notes\.txt is a text file, not a dump; if it is saved debugger output, pass it as 'from-output'/);
    const jobs = await readdir(path.join(state, 'jobs'));
    expect(await readdir(path.join(state, 'jobs', jobs[0] ?? ''))).toEqual(['job.json']);
    expect(run.summary).toContain('FAILED');
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`^::error::Job ${run.outputs['job-id']}: FAILED in stage 'identify': .*notes\\.txt is a text file`));
  });
});

describe('the analyze action (src/entrypoints/analyze.ts) and the root action stopping after the report', () => {
  it("refuses an input 'analyze' does not read, with the outputs and summary a workflow reads", async () => {
    const run = await action({ dump: core, executable: fixture.executable, 'build-target': 'worldserver' }, ANALYZE_SOURCE);
    expect(run.code).toBe(1);
    const line = "Input 'build-target' is not read by 'analyze', only by 'fix', 'watch' and 'revise'; drop it";
    expect(run.outputs).toEqual({ status: 'FAILED', error: line });
    expect(run.stdout.trim().split('\n').at(-1)).toBe(`::error::FAILED before the job started: ${line}`);
    expect(run.summary).toContain('**Failed before the job started:**');
  });

  it('keeps stop-after: analyze on the root action, with the token the runner always passes', async () => {
    const run = await action({ dump: core, executable: fixture.executable, 'stop-after': 'analyze', 'github-token': 'ghs_notused', 'state-dir': path.join(work, 'state-stop') });
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('ANALYSIS_PENDING');
    expect(run.stdout).not.toContain('::error::');
  });
});

describe('the CLI (in-process)', () => {
  cdb.it('parses a pasted !analyze -v', async () => {
    const text = path.join(work, 'analyze.txt');
    await copyFile(cdb.file('x64-av-null-write-symbols-newfmt.txt'), text);
    const r = await runCli(['analyze', '--from-output', text, '--state-dir', path.join(work, 'cli-text')], {}, work);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('NULL_POINTER_WRITE_c0000005_AccessV.exe!main');
  });

  it('accepts a k-family stack listing, warning that the exception is unknown', async () => {
    const text = path.join(work, 'k.txt');
    await writeFile(text, ['0:000> k', ' # Child-SP          RetAddr               Call Site', '00 000000d1`1bff72a0 00007ffd`76f61030     app!Store::put+0x40', '01 000000d1`1bff72e0 00000000`00000000     app!main+0x10', ''].join('\n'));
    const r = await runCli(['analyze', '--from-output', text, '--state-dir', path.join(work, 'cli-k'), '--json'], {}, work);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: ' + text + ' is a stack listing without an exception record');
    const report = JSON.parse(r.stdout) as { signature: string; exception: { code: string }; frames: Array<{ function: string }> };
    expect(report.exception.code).toBe('unknown');
    expect(report.signature).toMatch(/^unknown-[0-9a-f]{12}$/);
    expect(report.frames.map((f) => f.function)).toEqual(['Store::put', 'main']);
  });

  it('exits 2 with one line for bad usage, 1 for a failed job', async () => {
    const usage = await runCli(['analyze', '--dump'], {}, work);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim().split('\n')).toHaveLength(1);
    const notRead = await runCli(['analyze', '--dump', core, '--max-turns', '5'], {}, work);
    expect(notRead.code).toBe(2);
    expect(notRead.stderr).toBe("error: Option '--max-turns' is not read by 'analyze', only by 'fix', 'watch' and 'revise'; drop it\n");
    const missingExe = await runCli(['analyze', '--dump', core, '--state-dir', path.join(work, 'cli-noexe')], {}, work);
    expect(missingExe.code).toBe(1);
    expect(missingExe.stderr).toContain("gdb needs the crashed program to read");
    const missingGdb = await runCli(['analyze', '--dump', core, '--executable', fixture.executable, '--gdb-path', '/nonexistent/gdb', '--state-dir', path.join(work, 'cli-nogdb')], {}, work);
    expect(missingGdb.code).toBe(1);
    expect(missingGdb.stderr).toMatch(/error: Job [0-9a-f]{16}: FAILED in stage 'parse': gdb was not found at '\/nonexistent\/gdb'/);
    expect(missingGdb.stdout).toBe('');
  });

  minidumps.it('reads a Windows minidump natively when cdb is not installed, and refuses when cdb was asked for', async () => {
    const dump = minidumps.file('breakpad-null-read-av.dmp');
    const r = await runCli(['analyze', '--dump', dump, '--state-dir', path.join(work, 'cli-md'), '--json'], {}, work);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*reporting from the minidump alone/);
    const report = JSON.parse(r.stdout) as { debugger: { name: string }; exception: { code: string }; frames: Array<{ module: string }> };
    expect(report.debugger.name).toBe('minidump');
    expect(report.exception.code).toBe('c0000005');
    expect(report.frames[0]?.module).toBe('crashme');
    const strict = await runCli(['analyze', '--dump', dump, '--debugger', 'cdb', '--state-dir', path.join(work, 'cli-md-cdb')], {}, work);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/error: Job [0-9a-f]{16}: FAILED in stage 'parse': cdb .*runs only on Windows/);
  });

  it('prints the report readably in the terminal, and ends with the status line', async () => {
    const r = await runCli(['analyze', '--dump', core, '--executable', fixture.executable, '--source-root', fixture.sourceDir, '--state-dir', path.join(work, 'cli-text-state')], {}, work);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Crash: access-violation in `WorldSession::HandlePacket');
    expect(r.stdout).not.toContain('access\\-violation');
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^ {2}Job [0-9a-f]{16}: ANALYSIS_PENDING$/);
  });

  it('prints help and version', async () => {
    expect((await runCli(['--help'])).stdout).toContain('crash-autofix analyze --dump FILE');
    expect((await runCli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("prints a command's own help for 'analyze --help'", async () => {
    const analyze = await runCli(['analyze', '--help']);
    expect(analyze.code).toBe(0);
    expect(analyze.stdout).toContain('crash-autofix analyze --from-output FILE');
    expect(analyze.stdout).toContain('--culprit-ignore VALUE');
    // The fix and watch settings belong to other commands.
    expect(analyze.stdout).not.toContain('crash-autofix watch');
    expect(analyze.stdout).not.toContain('--build-target');
    const fix = await runCli(['fix', '--help']);
    expect(fix.stdout).toContain('--build-target VALUE');
    expect(fix.stdout).not.toContain('--poll-interval');
    expect((await runCli(['help', 'watch'])).stdout).toContain('--poll-interval VALUE');
  });
});
