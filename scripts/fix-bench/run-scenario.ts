/**
 * One scenario through `crash-autofix fix`, run in-process exactly as a user
 * runs the CLI (same settings, adapters and pipeline), then scored from the
 * job record it left. Nothing is published: GitHub is not configured.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConversation } from '../../src/analysis/stored-conversation.js';
import { describeError } from '../../src/base/errors.js';
import type { JobRecord, Usage } from '../../src/domain/job-state.js';
import { cli } from '../../src/entrypoints/cli/run-cli.js';
import { FolderJobStore } from '../../src/pipeline/folder-job-store.js';
import { captureEnvironment } from '../../src/settings/environment.js';
import type { PreparedScenario } from './prepare-scenario.js';
import type { Scenario } from './scenario-file.js';
import { diffFileOf, scenarioError, scoreJob, type ScenarioResult } from './score.js';

/** Variables that would let a job publish: the bench measures, it never pushes or opens a pull request. */
const PUBLISHING = ['GITHUB_TOKEN', 'GITHUB_REPOSITORY', 'GITHUB_ACTIONS', 'GITHUB_EVENT_PATH', 'GITHUB_EVENT_NAME'];

export interface RunContext {
  /** The bench's environment variables (the API key, ANTHROPIC_BASE_URL, PATH…). */
  variables: Readonly<Record<string, string | undefined>>;
  model: string;
  /** The scenario's own folder (state, the CLI's log). */
  dir: string;
}

export async function runScenario(scenario: Scenario, prepare: () => Promise<PreparedScenario>, ctx: RunContext): Promise<ScenarioResult> {
  const started = performance.now();
  const expect = { culprit: scenario.culprit, groundTruth: scenario.groundTruth };
  let prepared: PreparedScenario;
  try {
    prepared = await prepare();
  } catch (e) {
    return scenarioError(scenario.name, `The scenario could not be set up: ${describeError(e)}`, expect, performance.now() - started);
  }
  const expectation = { culprit: prepared.culprit, groundTruth: scenario.groundTruth };
  const stateDir = path.join(ctx.dir, 'state');
  await mkdir(ctx.dir, { recursive: true });
  const args = [
    'fix',
    '--dump',
    prepared.dump,
    ...(prepared.executable === null ? [] : ['--executable', prepared.executable]),
    '--source-root',
    prepared.repoDir,
    '--state-dir',
    stateDir,
    '--work-dir',
    prepared.workDir,
    `--model=${ctx.model}`,
    ...prepared.flags,
  ];
  const variables: Record<string, string | undefined> = { ...ctx.variables };
  for (const name of PUBLISHING) delete variables[name];
  let log = `$ crash-autofix ${args.join(' ')}\n`;
  const code = await cli(args, {
    // Relative paths in a scenario's settings are relative to its file, as its dump is.
    environment: captureEnvironment(variables, path.dirname(scenario.file)),
    stdout: (t) => (log += t),
    stderr: (t) => (log += t),
  });
  await writeFile(path.join(ctx.dir, 'fix.log'), log);
  const durationMs = performance.now() - started;
  try {
    const store = new FolderJobStore(stateDir);
    const [jobId] = await store.jobIds();
    const record = jobId === undefined ? null : await store.load(jobId);
    if (record === null) {
      const error = log.split('\n').filter((l) => l.startsWith('error')).at(-1) ?? `crash-autofix fix exited with ${code} and left no job`;
      return scenarioError(scenario.name, error.replace(/^error:\s*/, ''), expectation, durationMs);
    }
    const diffFile = diffFileOf(record);
    const diff = diffFile === null ? null : await readFile(diffFile, 'utf8').catch(() => null);
    return scoreJob(scenario.name, record, diff, await usageOf(record, store.jobDir(record.jobId)), expectation, durationMs);
  } catch (e) {
    return scenarioError(scenario.name, `The job record in ${stateDir} could not be read: ${describeError(e)}`, expectation, durationMs);
  }
}

/**
 * The conversation's totals (every request, the corrections after a failed
 * build included, and those of an analysis that gave no fix); the recorded
 * analysis's when no conversation was saved.
 */
async function usageOf(record: JobRecord, jobDir: string): Promise<Usage | null> {
  const saved = await loadConversation(path.join(jobDir, 'conversation.json')).catch(() => null);
  if (saved) return saved.usage;
  const state = record.state.status === 'FAILED' ? record.state.resumeFrom : record.state;
  return 'analysis' in state ? state.analysis.usage : null;
}
