import * as core from '@actions/core';
import { ActionsLogger } from './action/actions-logger.js';
import { publishRecords } from './action/publish-records.js';
import { ActionsArtifactStore } from './artifacts/actions-artifact-store.js';
import { runPipeline } from './app/run-pipeline.js';
import { createAdapters } from './app/create-adapters.js';
import { renderJobSummary } from './app/job-summary.js';
import { analyzeOutputs, withReport } from './app/result-outputs.js';
import { describeError } from './errors.js';
import { readConfigFile } from './settings/load-config.js';
import { Redactor } from './redact.js';
import { readActionInputs } from './settings/action-inputs.js';
import { buildSettings } from './settings/build-settings.js';
import { captureEnvironment } from './settings/environment.js';

/** Action entry: settings → adapters → pipeline → outputs. The only caller of core.setFailed. */
export async function main(): Promise<void> {
  const redactor = new Redactor();
  try {
    const settings = await buildSettings({
      origin: 'action',
      values: readActionInputs(),
      environment: captureEnvironment(),
      readTextFile: readConfigFile,
    });
    for (const secret of [settings.anthropicApiKey, settings.githubApi?.token ?? null]) {
      if (secret === null) continue;
      core.setSecret(secret);
      redactor.add(secret);
    }
    const log = new ActionsLogger(redactor);
    const result = await runPipeline(settings, createAdapters(settings, (t) => redactor.redact(t)), log);
    const outputs = analyzeOutputs(result);
    if (settings.github !== null) {
      // Records go up even when the job failed: the transcript explains the failure.
      try {
        const store = ActionsArtifactStore.create({ retentionDays: settings.artifactRetentionDays ?? undefined, secrets: [settings.anthropicApiKey, settings.githubApi?.token].filter((s): s is string => s !== null && s !== undefined) });
        const uploaded = await publishRecords(store, result.record.jobId, result.jobDir);
        if (uploaded) {
          outputs['artifact-name'] = uploaded.name;
          outputs['artifact-id'] = uploaded.id === null ? '' : String(uploaded.id);
        }
      } catch (error) {
        log.warning(`The job records were not uploaded (${describeError(error)}); they are still in ${result.jobDir}`);
      }
    }
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, redactor.redact(value));
    await core.summary.addRaw(redactor.redact(renderJobSummary(result, settings.minConfidence))).write();
    const state = result.record.state;
    const reported = withReport(state);
    if (reported?.report.culprit?.file) {
      const { culprit, exception, signature } = reported.report;
      log.warning(`Crash ${exception.code} (${exception.name}) in ${culprit.function}; signature ${signature}`, {
        file: culprit.file ?? undefined,
        line: culprit.line ?? undefined,
        title: 'crash-autofix: crash site',
      });
    }
    if (state.status === 'FAILED') core.setFailed(redactor.redact(state.error.message));
  } catch (error) {
    core.setFailed(redactor.redact(describeError(error)));
  }
}

await main();
