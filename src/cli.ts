#!/usr/bin/env node
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as setTimeoutPromise } from 'node:timers/promises';
import { watchFolder } from './app/watch-folder.js';
import type { SettingKey } from './settings/definitions.js';
import type { RawValue } from './settings/field-types.js';
import type { Settings } from './settings/build-settings.js';
import { runPipeline } from './app/run-pipeline.js';
import { createAdapters } from './app/create-adapters.js';
import { helpText } from './cli/help-text.js';
import { ConsoleLogger } from './cli/console-logger.js';
import { parseCli } from './cli/parse-args.js';
import { CrashAutofixError, describeError } from './errors.js';
import { readConfigFile } from './settings/load-config.js';
import { renderJobText } from './app/job-text.js';
import { withReport } from './app/result-outputs.js';
import { Redactor } from './redact.js';
import { buildSettings } from './settings/build-settings.js';
import { captureEnvironment } from './settings/environment.js';
import { VERSION } from './version.js';

/** CLI entry: settings → adapters → pipeline → report on stdout. Returns the exit code. */
export async function cli(argv: readonly string[]): Promise<number> {
  const redactor = new Redactor();
  const log = new ConsoleLogger(redactor);
  try {
    const command = parseCli(argv);
    if (command.kind === 'help') {
      process.stdout.write(helpText(VERSION));
      return 0;
    }
    if (command.kind === 'version') {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (command.kind === 'watch') return await watch(command.dir, command.values, redactor, log);
    const settings = await buildSettings({ origin: 'cli', command: command.command, values: command.values, environment: captureEnvironment(), readTextFile: readConfigFile });
    redactor.add(settings.anthropicApiKey);
    redactor.add(settings.githubApi?.token);
    const result = await runPipeline(settings, createAdapters(settings, (t) => redactor.redact(t)), log);
    const state = result.record.state;
    if (state.status === 'FAILED') {
      log.error(state.error.message);
      return 1;
    }
    const reported = withReport(state);
    if (reported) {
      // analyze --json prints the CrashReport; fix --json the whole job state (report, analysis, work tree).
      const json = settings.stopAfter === 'analyze' ? reported.report : state;
      process.stdout.write(redactor.redact(settings.json ? `${JSON.stringify(json, null, 2)}\n` : renderJobText(state, settings.minConfidence)));
      log.info(`Job ${result.record.jobId}: ${state.status}; files in ${result.jobDir}`);
    }
    return 0;
  } catch (error) {
    log.error(redactor.redact(describeError(error)));
    return error instanceof CrashAutofixError && error.kind === 'config' ? 2 : 1;
  }
}

/** `crash-autofix watch DIR`: every new dump in DIR through the pipeline, once each. */
async function watch(dir: string, values: Partial<Record<SettingKey, RawValue>>, redactor: Redactor, log: ConsoleLogger): Promise<number> {
  const environment = captureEnvironment();
  const folder = path.resolve(environment.cwd, dir);
  if (!(await stat(folder).catch(() => null))?.isDirectory()) throw new CrashAutofixError('config', `${folder} is not a folder; 'crash-autofix watch' takes the folder the dumps are written to`);
  // The watch's own settings are those of a job on the folder itself; each dump gets its own.
  const settingsFor = (dump: string | null): Promise<Settings> =>
    buildSettings({ origin: 'cli', command: 'fix', values: { ...values, ...(dump ? { dump } : { dump: folder }) }, environment, readTextFile: readConfigFile });
  const base = await settingsFor(null);
  redactor.add(base.anthropicApiKey);
  redactor.add(base.githubApi?.token);
  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
  log.info(`Watching ${folder} (${base.once ? 'one scan' : `every ${base.pollIntervalMs / 1000} s; Ctrl+C stops`})`);
  const totals = await watchFolder(folder, base, {
    settingsFor,
    run: (settings) => runPipeline(settings, createAdapters(settings, (t) => redactor.redact(t)), log),
    log,
    sleep: (ms) => setTimeoutPromise(ms, undefined, { signal: stop.signal }).catch(() => undefined),
    stopped: () => stop.signal.aborted,
  });
  log.info(`watch: ${totals.handled} dump(s) handled, ${totals.skipped} already handled, ${totals.failed} failed`);
  return totals.failed > 0 ? 1 : 0;
}

process.exitCode = await cli(process.argv.slice(2));
