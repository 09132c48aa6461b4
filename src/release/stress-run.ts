import { describeHealthTarget, type HealthTarget } from '../domain/health.js';
import type { Release, StressCheck, StressDump, StressRun } from '../domain/release.js';
import { runReleaseCommand, type ReleaseIo } from './release-io.js';

export interface StressPlan {
  load: readonly string[] | null;
  durationMs: number;
  intervalMs: number;
  failureLimit: number;
  health: HealthTarget | null;
  metric: { command: readonly string[]; max: number } | null;
  /** The crash the fix is for: a dump with it means the fix failed. */
  fixedSignature: string;
  environment: string;
}

export interface StressWatch {
  /** Dump files in `dump-dir` now (absolute paths); empty without one. */
  listDumps(): Promise<string[]>;
  /** Reads a new dump into a report (a new intake job in the state folder): its signature and job. */
  triage(file: string): Promise<{ sha256: string; signature: string | null; jobId: string | null; note: string }>;
}

export type StressVerdict = { passed: true } | { passed: false; reason: string; dumpSignature: string | null; newJobs: string[] };

/** A load command that fails at once is started again only after this pause. */
const RESTART_PAUSE_MS = 1000;

/**
 * The stress run: the load command runs for the duration (started again if
 * it ends early); every interval one check looks at health, the metric and
 * the dump folder, and is saved, so a killed run resumes with the time left.
 * A dump of the fixed crash fails it at once; so does a new crash (its
 * intake job is started) or an unreadable dump; more failed checks than
 * the limit fail it too.
 */
export async function runStress(io: ReleaseIo, release: Release, plan: StressPlan, watch: StressWatch, resumed: StressRun | null, save: (run: StressRun) => Promise<void>): Promise<{ run: StressRun; verdict: StressVerdict }> {
  let run: StressRun = resumed ?? { startedAt: io.now().toISOString(), baseline: await watch.listDumps(), elapsedMs: 0, durationMs: plan.durationMs, checks: [], dumps: [], loads: [], finishedAt: null };
  if (resumed) io.log.info(`Resuming the stress run: ${Math.round(run.elapsedMs / 1000)} of ${Math.round(run.durationMs / 1000)} s done, ${run.checks.length} check(s)`);
  await save(run);
  const stop = new AbortController();
  const loadFailures: string[] = [];
  const context = { release, target: 'test' as const, environment: plan.environment };
  let deadline = io.now().getTime() + (run.durationMs - run.elapsedMs);
  const loadLoop = (async () => {
    if (plan.load === null) return;
    while (!stop.signal.aborted) {
      const left = deadline - io.now().getTime();
      if (left <= 0) return;
      const ran = await runReleaseCommand(io, 'stress-command', plan.load, context, { timeoutMs: left, signal: stop.signal });
      const stoppedAtEnd = ran.timedOut || stop.signal.aborted;
      run = { ...run, loads: [...run.loads, { exitCode: ran.exitCode, durationMs: Math.round(ran.durationMs), stoppedAtEnd }] };
      if (!stoppedAtEnd && !ran.ok) {
        loadFailures.push(ran.detail);
        await io.sleep(RESTART_PAUSE_MS);
      }
    }
  })();
  let verdict: StressVerdict | null = null;
  try {
    let last = io.now().getTime();
    while (run.elapsedMs < run.durationMs && verdict === null) {
      await io.sleep(Math.min(plan.intervalMs, run.durationMs - run.elapsedMs));
      const now = io.now().getTime();
      run = { ...run, elapsedMs: Math.min(run.durationMs, run.elapsedMs + (now - last)) };
      last = now;
      const { check, dumps } = await checkOnce(io, plan, watch, run, loadFailures.splice(0), context);
      run = { ...run, checks: [...run.checks, check], dumps: [...run.dumps, ...dumps] };
      verdict = judge(run, plan);
      await save(run);
    }
  } finally {
    deadline = 0;
    stop.abort();
    await loadLoop;
  }
  run = { ...run, finishedAt: io.now().toISOString() };
  await save(run);
  return { run, verdict: verdict ?? judge(run, plan) ?? { passed: true } };
}

async function checkOnce(io: ReleaseIo, plan: StressPlan, watch: StressWatch, run: StressRun, loadFailures: string[], context: { release: Release; target: 'test'; environment: string }): Promise<{ check: StressCheck; dumps: StressDump[] }> {
  const notes: string[] = [...loadFailures];
  let healthy = true;
  if (plan.health) {
    const answer = await io.probe.probe(plan.health, 5000);
    healthy = answer.healthy;
    if (!healthy) notes.push(`${describeHealthTarget(plan.health)}: ${answer.detail}`);
  }
  let metric: number | null = null;
  let metricFailed = false;
  if (plan.metric) {
    const ran = await runReleaseCommand(io, 'stress-metric-command', plan.metric.command, context, { timeoutMs: Math.max(5000, plan.intervalMs) });
    const first = ran.stdout.trim().split(/\r?\n/)[0]?.trim() ?? '';
    metric = ran.ok && /^-?[0-9]+(\.[0-9]+)?$/.test(first) ? Number(first) : null;
    if (metric === null) {
      metricFailed = true;
      notes.push(`no metric data (${ran.ok ? `the command printed ${JSON.stringify(first.slice(0, 40))}` : ran.detail}): not counted as a pass`);
    } else if (metric > plan.metric.max) {
      metricFailed = true;
      notes.push(`metric ${metric} over the limit ${plan.metric.max}`);
    }
  }
  const known = new Set([...run.baseline, ...run.dumps.map((d) => d.file)]);
  const dumps: StressDump[] = [];
  for (const file of (await watch.listDumps()).filter((f) => !known.has(f))) {
    const read = await watch.triage(file);
    const verdict = read.signature === null ? 'unreadable' : read.signature === plan.fixedSignature ? 'same-crash' : 'new-crash';
    dumps.push({ file, sha256: read.sha256, signature: read.signature, verdict, jobId: verdict === 'new-crash' ? read.jobId : null, note: read.note });
    notes.push(`dump ${file}: ${verdict === 'same-crash' ? 'the fixed crash again' : verdict === 'new-crash' ? `a new crash ${read.signature ?? ''}` : `unreadable (${read.note})`}`);
  }
  const failed = !healthy || metricFailed || loadFailures.length > 0 || dumps.length > 0;
  const check: StressCheck = { at: io.now().toISOString(), healthy, metric, failed, note: notes.join('; ') || 'ok' };
  io.log.info(`Check ${run.checks.length + 1} at ${Math.round(run.elapsedMs / 1000)} s: ${check.note}`);
  return { check, dumps };
}

/** A failure decided now, or null to go on. */
function judge(run: StressRun, plan: StressPlan): StressVerdict | null {
  const newJobs = run.dumps.flatMap((d) => (d.jobId ? [d.jobId] : []));
  const same = run.dumps.find((d) => d.verdict === 'same-crash');
  if (same) return { passed: false, reason: `the fixed crash ${plan.fixedSignature} happened again during the stress run (${same.file}): the fix did not hold`, dumpSignature: same.signature, newJobs };
  const other = run.dumps.find((d) => d.verdict !== 'same-crash');
  if (other) {
    const what = other.verdict === 'new-crash' ? `a new crash ${other.signature ?? ''} (intake job ${other.jobId ?? 'not started'})` : `a dump that could not be read (${other.note})`;
    return { passed: false, reason: `the server crashed during the stress run: ${what}, ${other.file}`, dumpSignature: other.signature, newJobs };
  }
  const failed = run.checks.filter((c) => c.failed);
  if (failed.length > plan.failureLimit) {
    const lastFailed = failed[failed.length - 1];
    return { passed: false, reason: `${failed.length} failed check(s), more than stress-failure-limit ${plan.failureLimit}; the last: ${lastFailed?.note ?? ''}`, dumpSignature: null, newJobs };
  }
  return null;
}
