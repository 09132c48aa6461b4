#!/usr/bin/env node
import { runPipeline } from './app/run-pipeline.js';
import { createAdapters } from './app/create-adapters.js';
import { helpText } from './cli/help-text.js';
import { ConsoleLogger } from './cli/console-logger.js';
import { parseCli } from './cli/parse-args.js';
import { CrashAutofixError, describeError } from './errors.js';
import { readOptionalText } from './fs/read-optional.js';
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
    const settings = await buildSettings({ origin: 'cli', command: command.command, values: command.values, environment: captureEnvironment(), readTextFile: readOptionalText });
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

process.exitCode = await cli(process.argv.slice(2));
