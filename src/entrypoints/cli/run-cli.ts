import { connectDispatch, notifyDump } from '../../composition/notify-dump.js';
import { runScan } from '../../composition/run-scan.js';
import { runStats } from '../../composition/run-stats.js';
import { openCrashDatabase } from '../../composition/crash-database.js';
import { importCrashDb } from '../../composition/import-crash-db.js';
import { localGateRecords } from '../../composition/gate-records.js';
import { releaseJob } from '../../composition/release-job.js';
import { gateJob } from '../../composition/gate-job.js';
import { reviseCommand } from '../../composition/revise-command.js';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as setTimeoutPromise } from 'node:timers/promises';
import { pipelineHandler, watchFolder } from '../../composition/watch-folder.js';
import { notifyHandler } from '../../composition/watch-notify.js';
import type { SettingKey } from '../../settings/definitions.js';
import type { RawValue } from '../../settings/field-types.js';
import { runPipeline } from '../../composition/run-pipeline.js';
import { resolveDumpBuild } from '../../composition/resolve-build.js';
import { createAdapters } from '../../composition/create-adapters.js';
import { helpText } from './help-text.js';
import { ConsoleLogger } from './console-logger.js';
import { parseCli } from './parse-args.js';
import { CrashAutofixError, describeError } from '../../base/errors.js';
import { readConfigFile } from '../../settings/load-config.js';
import { renderJobText } from '../../composition/job-text.js';
import { withReport } from '../../composition/result-outputs.js';
import { statusLine } from '../../composition/status-line.js';
import { markdownForTerminal } from './terminal-text.js';
import { Redactor } from '../../base/redact.js';
import { buildSettings, withDump } from '../../settings/build-settings.js';
import { captureEnvironment, type Environment } from '../../settings/environment.js';
import { VERSION } from '../../base/version.js';

/** What the CLI reads and writes: the process's own, or a test's when it runs in-process. */
export interface CliIo {
  /** Captured once by settings/environment.ts, the one reader of the process environment. */
  environment: Environment;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo = (): CliIo => ({ environment: captureEnvironment(), stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });

/**
 * The process entry (src/bin.ts runs it with the process's arguments and sets
 * the exit code); importing this module runs nothing.
 */
export async function run(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  return cli(argv);
}

/** CLI entry: settings → adapters → pipeline → report on stdout. Returns the exit code. */
export async function cli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const redactor = new Redactor();
  const log = new ConsoleLogger(redactor, io.stderr);
  try {
    const command = parseCli(argv);
    if (command.kind === 'help') {
      io.stdout(helpText(VERSION, command.topic));
      return 0;
    }
    if (command.kind === 'version') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    const { environment } = io;
    if (command.kind === 'watch') return await watch(command.dir, command.values, environment, redactor, log);
    if (command.kind === 'db') {
      const settings = await buildSettings({ origin: 'cli', command: 'db', values: command.values, environment, readTextFile: readConfigFile });
      for (const secret of settings.secrets) redactor.add(secret);
      const db = await openCrashDatabase(settings);
      if (db === null) throw new CrashAutofixError('config', "The crash database is off ('crash-db: off'); choose local or github to import into it");
      const imported = await importCrashDb(settings.stateDir, db);
      const where = settings.crashDb === 'local' ? settings.crashDbFile : `the crash-db issues of ${settings.githubApi?.owner ?? ''}/${settings.githubApi?.repo ?? ''}`;
      log.info(`db import: ${imported.jobs} job record(s) in ${settings.stateDir}, ${imported.withoutReport} without a crash report; ${imported.events} event(s), ${imported.signatures} crash record(s) changed in ${where}`);
      return 0;
    }
    const settings = await buildSettings({ origin: 'cli', command: command.command, values: command.values, environment, readTextFile: readConfigFile });
    for (const secret of settings.secrets) redactor.add(secret);
    if (command.command === 'notify') {
      const { repository, payload } = await notifyDump(settings);
      log.info(`Sent crash-dump to ${repository}: ${payload.dump_url} (sha256 ${payload.sha256 ?? ''}, server ${payload.server ?? ''})`);
      return 0;
    }
    if (command.command === 'approve' || command.command === 'reject') {
      const job = await gateJob(command.command, settings, localGateRecords(settings.stateDir), log);
      io.stdout(markdownForTerminal(redactor.redact(job.summary)));
      (job.outcome.status === 'FAILED' ? log.error.bind(log) : log.info.bind(log))(`${command.command}: ${job.outcome.status}: ${job.outcome.message}`);
      return job.outcome.status === 'FAILED' ? 1 : 0;
    }
    if (command.command === 'deploy' || command.command === 'stress') {
      const job = await releaseJob(command.command, settings, localGateRecords(settings.stateDir), log, (t) => redactor.redact(t));
      io.stdout(markdownForTerminal(redactor.redact(job.summary)));
      (job.failed ? log.error.bind(log) : log.info.bind(log))(redactor.redact(`${command.command}: ${job.outcome.status}: ${job.outcome.message}`));
      return job.failed ? 1 : 0;
    }
    if (command.command === 'revise') {
      const outcome = await reviseCommand(settings, (t) => redactor.redact(t), log);
      if (outcome.status === 'FAILED') log.error(redactor.redact(outcome.message));
      else log.info(redactor.redact(outcome.message));
      return outcome.status === 'FAILED' ? 1 : 0;
    }
    if (command.command === 'stats') {
      const report = await runStats(settings, new Date());
      io.stdout(redactor.redact(settings.json ? report.text : markdownForTerminal(report.text)));
      log.info(report.note);
      return 0;
    }
    if (command.command === 'scan') {
      const job = await runScan(settings, log, null);
      io.stdout(redactor.redact(settings.json ? `${JSON.stringify(job.result.outcome.buckets, null, 2)}\n` : markdownForTerminal(job.summary)));
      log.info(`Buckets in ${job.bucketsFile}; ledger ${job.result.ledgerFile}`);
      return job.result.outcome.failed.length > 0 ? 1 : 0;
    }
    const result = await runPipeline(settings, createAdapters(settings, (t) => redactor.redact(t)), log);
    const state = result.record.state;
    if (state.status === 'FAILED') {
      log.error(statusLine(result.record.jobId, state));
      return 1;
    }
    const reported = withReport(state);
    if (reported) {
      // analyze --json prints the CrashReport; fix --json the whole job state (report, analysis, work tree).
      const json = settings.stopAfter === 'analyze' ? reported.report : state;
      // The Markdown, escapes and all, is in the job folder; the terminal gets it readable.
      io.stdout(redactor.redact(settings.json ? `${JSON.stringify(json, null, 2)}\n` : markdownForTerminal(renderJobText(state, settings.minConfidence))));
      log.info(`Files in ${result.jobDir}`);
    }
    log.info(statusLine(result.record.jobId, state));
    return 0;
  } catch (error) {
    log.error(redactor.redact(describeError(error)));
    return error instanceof CrashAutofixError && error.kind === 'config' ? 2 : 1;
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** `crash-autofix watch DIR`: every new dump in DIR through the pipeline (or announced, `--notify`), once each. */
async function watch(dir: string, values: Partial<Record<SettingKey, RawValue>>, environment: Environment, redactor: Redactor, log: ConsoleLogger): Promise<number> {
  const folder = path.resolve(environment.cwd, dir);
  if (!(await stat(folder).catch(() => null))?.isDirectory()) throw new CrashAutofixError('config', `${folder} is not a folder; 'crash-autofix watch' takes the folder the dumps are written to`);
  // Parsed once; each dump's job gets the watch's settings with its `dump` set.
  const base = await buildSettings({ origin: 'cli', command: 'watch', values, environment, readTextFile: readConfigFile });
  for (const secret of base.secrets) redactor.add(secret);
  // --notify checks its settings and connects before the first scan: a missing one stops the watch before anything is sent.
  const handle = base.notify
    ? notifyHandler(base, await connectDispatch(base, 'watch --notify'), log)
    : pipelineHandler(base, {
        settingsFor: (dump) => resolveDumpBuild(withDump(base, dump), log),
        run: (settings) => runPipeline(settings, createAdapters(settings, (t) => redactor.redact(t)), log),
        log,
      });
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  for (const signal of SIGNALS) process.once(signal, onSignal);
  log.info(`Watching ${folder} (${base.once ? 'one scan' : `every ${base.pollIntervalMs / 1000} s; Ctrl+C stops`})${base.notify ? `: each new dump is announced to ${base.githubApi?.owner ?? ''}/${base.githubApi?.repo ?? ''}` : ''}`);
  const totals = await watchFolder(folder, base, {
    handle,
    log,
    sleep: (ms) => setTimeoutPromise(ms, undefined, { signal: stop.signal }).catch(() => undefined),
    stopped: () => stop.signal.aborted,
  }).finally(() => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  });
  const [done, before] = base.notify ? ['announced', 'already announced'] : ['handled', 'already handled'];
  log.info(`watch: ${totals.handled} dump(s) ${done}, ${totals.skipped} ${before}, ${totals.failed} failed`);
  return totals.failed > 0 ? 1 : 0;
}
