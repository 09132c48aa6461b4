import * as core from '@actions/core';
import { ActionsLogger } from './actions-logger.js';
import { publishRecordFolder } from '../../composition/publish-record-folder.js';
import { ActionsArtifactStore } from '../../adapters/artifact/actions-artifact-store.js';
import { ActionsArtifactSource } from '../../adapters/artifact/actions-artifact-source.js';
import { latestArtifactRun } from '../../adapters/artifact/latest-artifact.js';
import { runScan } from '../../composition/run-scan.js';
import { artifactGateRecords, localGateRecords } from '../../composition/gate-records.js';
import { gateJob } from '../../composition/gate-job.js';
import { releaseJob } from '../../composition/release-job.js';
import { reviseCommand } from '../../composition/revise-command.js';
import { artifactLedgerTravel } from '../../composition/scan-ledger-travel.js';
import { runPipeline } from '../../composition/run-pipeline.js';
import { createAdapters } from '../../composition/create-adapters.js';
import { renderFailureSummary, renderJobSummary } from '../../composition/job-summary.js';
import { crashDashboard, dashboardSignature, jobDashboards } from '../../composition/crash-dashboard.js';
import { openCrashDatabase } from '../../composition/crash-database.js';
import { outputsOf } from '../../composition/output-definitions.js';
import { analyzeOutputs, repositoryCulprit } from '../../composition/result-outputs.js';
import { earlyFailureLine, statusLine } from '../../composition/status-line.js';
import { describeError } from '../../base/errors.js';
import { readConfigFile } from '../../settings/load-config.js';
import { Redactor } from '../../base/redact.js';
import { readActionInputs } from '../../settings/action-inputs.js';
import { buildSettings, type Settings } from '../../settings/build-settings.js';
import type { ActionCommand } from '../../settings/commands.js';
import { captureEnvironment } from '../../settings/environment.js';

/**
 * Action entry: settings → adapters → pipeline → outputs. The only caller of
 * core.setFailed. Each action's bundle runs it with its command (fix.ts: the
 * root action.yml, analyze.ts: analyze/action.yml); `@github/local-action`
 * calls it directly, which runs the root action's `fix`.
 */
export async function run(command: ActionCommand = 'fix'): Promise<void> {
  const redactor = new Redactor();
  let settings: Settings;
  try {
    const values = readActionInputs();
    const environment = captureEnvironment();
    // Masked before anything can echo them, a bad setting's message included.
    for (const secret of [values['anthropic-api-key'], values['github-token'], values['dump-url-header'], environment.anthropicApiKey, environment.githubToken, environment.dumpUrlHeader]) {
      if (typeof secret !== 'string' || secret === '') continue;
      core.setSecret(secret);
      redactor.add(secret);
    }
    settings = await buildSettings({ origin: 'action', command, values, environment, readTextFile: readConfigFile });
  } catch (error) {
    await failBeforeJob(redactor.redact(describeError(error)));
    return;
  }
  try {
    await runJob(command, settings, redactor);
  } catch (error) {
    // Stage failures are in the job's state; what is thrown stopped the run before the job (an unreadable input).
    await failBeforeJob(redactor.redact(describeError(error)));
  }
}

async function runJob(command: ActionCommand, settings: Settings, redactor: Redactor): Promise<void> {
  for (const secret of settings.secrets) {
    core.setSecret(secret);
    redactor.add(secret);
  }
  const log = new ActionsLogger(redactor);
  if (command === 'scan') {
    await scanJob(settings, log, redactor);
    return;
  }
  if (command === 'approve' || command === 'reject') {
    await gateActionJob(command, settings, log, redactor);
    return;
  }
  if (command === 'revise') {
    await reviseJob(settings, log, redactor);
    return;
  }
  if (command === 'deploy' || command === 'stress') {
    await releaseActionJob(command, settings, log, redactor);
    return;
  }
  const result = await runPipeline(settings, createAdapters(settings, (t) => redactor.redact(t)), log);
  const outputs = analyzeOutputs(result);
  if (settings.github !== null) {
    // Records go up even when the job failed: the transcript explains the failure.
    try {
      const store = ActionsArtifactStore.create({ retentionDays: settings.artifactRetentionDays ?? undefined, secrets: [...settings.secrets] });
      const uploaded = await publishRecordFolder(store, result.record.jobId, result.jobDir);
      if (uploaded) {
        outputs['artifact-name'] = uploaded.name;
        outputs['artifact-id'] = uploaded.id === null ? '' : String(uploaded.id);
      }
    } catch (error) {
      log.warning(`The job records were not uploaded (${describeError(error)}); they are still in ${result.jobDir}`);
    }
  }
  // Only what this action's action.yml declares: a resumed job may know more than the command sets.
  const declared = outputsOf(command);
  for (const [name, value] of Object.entries(outputs)) if (declared.includes(name)) core.setOutput(name, redactor.redact(value));
  const dashboard = await crashDashboard(() => openCrashDatabase(settings), dashboardSignature(result.record.state), new Date());
  await writeSummary(redactor.redact(renderJobSummary(result, settings.minConfidence, dashboard)));
  const state = result.record.state;
  const culprit = repositoryCulprit(state);
  if (culprit) {
    log.warning(`Crash ${culprit.exception.code} (${culprit.exception.name}) in ${culprit.function}; signature ${culprit.signature}`, {
      file: culprit.file,
      line: culprit.line ?? undefined,
      title: 'crash-autofix: crash site',
    });
  }
  const line = redactor.redact(statusLine(result.record.jobId, state));
  if (state.status === 'FAILED') core.setFailed(line);
  else core.info(line);
}

/** `scan`: the ledger travels as an artifact when the job has a repository; outputs, summary, one line. */
async function scanJob(settings: Settings, log: ActionsLogger, redactor: Redactor): Promise<void> {
  const api = settings.githubApi;
  const travel =
    settings.ledgerArtifact && api !== null && settings.github !== null
      ? artifactLedgerTravel({
          source: ActionsArtifactSource.create(),
          store: ActionsArtifactStore.create({ retentionDays: settings.artifactRetentionDays ?? undefined, secrets: [...settings.secrets] }),
          latestRun: (name) => latestArtifactRun({ token: api.token, baseUrl: api.apiUrl, owner: api.owner, repo: api.repo }, name),
          workDir: settings.stateDir,
          log,
        })
      : null;
  if (travel === null) log.info(settings.ledgerArtifact ? 'No repository and token: the scan ledger stays in the state folder of this runner' : "'ledger-artifact' is off: the scan ledger stays in the state folder of this runner");
  const job = await runScan(settings, log, travel);
  for (const [name, value] of Object.entries(job.outputs)) core.setOutput(name, redactor.redact(value));
  await writeSummary(redactor.redact(job.summary));
  const { outcome } = job.result;
  const line = `scan: ${outcome.newBuckets.length} new bucket(s) for the fix jobs, ${outcome.buckets.length} met, ${outcome.newDumps} new dump(s)`;
  if (outcome.failed.length > 0) core.setFailed(`${line}; ${outcome.failed.length} dump(s) could not be read by a tool (see the log), the next scan tries them again`);
  else core.info(line);
}

/** `approve` / `reject`: the fix jobs' records come from this run's artifacts and go back there. */
async function gateActionJob(command: 'approve' | 'reject', settings: Settings, log: ActionsLogger, redactor: Redactor): Promise<void> {
  const records =
    settings.github !== null
      ? artifactGateRecords(settings.stateDir, ActionsArtifactSource.create(), ActionsArtifactStore.create({ retentionDays: settings.artifactRetentionDays ?? undefined, secrets: [...settings.secrets] }))
      : localGateRecords(settings.stateDir);
  const job = await gateJob(command, settings, records, log);
  for (const [name, value] of Object.entries(job.outputs)) core.setOutput(name, redactor.redact(value));
  await writeSummary(redactor.redact(job.summary));
  const line = redactor.redact(`${command}: ${job.outcome.status}: ${job.outcome.message}`);
  if (job.outcome.status === 'FAILED') core.setFailed(line);
  else core.info(line);
}

/** `deploy` / `stress`: the job's record comes from this run's artifacts and goes back there for the next step. */
async function releaseActionJob(command: 'deploy' | 'stress', settings: Settings, log: ActionsLogger, redactor: Redactor): Promise<void> {
  const records =
    settings.github !== null
      ? artifactGateRecords(settings.stateDir, ActionsArtifactSource.create(), ActionsArtifactStore.create({ retentionDays: settings.artifactRetentionDays ?? undefined, secrets: [...settings.secrets] }))
      : localGateRecords(settings.stateDir);
  const job = await releaseJob(command, settings, records, log, (t) => redactor.redact(t));
  for (const [name, value] of Object.entries(job.outputs)) core.setOutput(name, redactor.redact(value));
  await writeSummary(redactor.redact(job.summary));
  const line = redactor.redact(`${command}: ${job.outcome.status}: ${job.outcome.message}`);
  if (job.failed) core.setFailed(line);
  else core.info(line);
}

/** `revise`: the job folder goes back up as the job's artifact (the next revise finds it), then outputs, summary, one line. */
async function reviseJob(settings: Settings, log: ActionsLogger, redactor: Redactor): Promise<void> {
  const outcome = await reviseCommand(settings, (t) => redactor.redact(t), log);
  const outputs: Record<string, string> = { status: outcome.status };
  const record = outcome.record;
  if (record !== null && outcome.jobDir !== null) {
    outputs['job-id'] = record.jobId;
    const state = record.state.status === 'FAILED' ? record.state.resumeFrom : record.state;
    if ('pr' in state) Object.assign(outputs, { 'pr-number': String(state.pr.number), 'pr-url': state.pr.url, 'fix-commit': state.pr.commit });
    if ('revision' in state) outputs.revision = String(state.revision?.count ?? 0);
    if (outcome.status === 'REVISED' || outcome.status === 'FAILED') {
      try {
        const store = ActionsArtifactStore.create({ retentionDays: settings.artifactRetentionDays ?? undefined, secrets: [...settings.secrets] });
        const uploaded = await publishRecordFolder(store, record.jobId, outcome.jobDir);
        if (uploaded) Object.assign(outputs, { 'artifact-name': uploaded.name, 'artifact-id': uploaded.id === null ? '' : String(uploaded.id) });
      } catch (error) {
        log.warning(`The job records were not uploaded (${describeError(error)}); they are still in ${outcome.jobDir}`);
      }
    }
  }
  if (outcome.status === 'FAILED') outputs.error = outcome.message;
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, redactor.redact(value));
  const dashboards = await jobDashboards(settings, record ? [record] : [], new Date());
  await writeSummary(redactor.redact(`## crash-autofix revise\n\n${outcome.message}\n${dashboards}`));
  const line = redactor.redact(`revise: ${outcome.message}`);
  if (outcome.status === 'FAILED') core.setFailed(line);
  else core.info(line);
}

/**
 * A run that stopped before the pipeline (a bad input, bad YAML) still leaves
 * what a workflow reads: the `status` and `error` outputs and a job summary.
 */
async function failBeforeJob(message: string): Promise<void> {
  core.setOutput('status', 'FAILED');
  core.setOutput('error', message);
  await writeSummary(renderFailureSummary(message));
  core.setFailed(earlyFailureLine(message));
}

/** The job's outcome does not hang on the summary: a runner (or local-action) without one gets a warning. */
async function writeSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown).write();
  } catch (error) {
    core.warning(`The job summary could not be written: ${describeError(error)}`);
  }
}
