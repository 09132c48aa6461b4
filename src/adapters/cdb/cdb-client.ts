import { fileExists } from '../../base/fs/file-exists.js';
import path from 'node:path';
import { CrashAutofixError, oneLine } from '../../base/errors.js';
import type { ProcessRunner, RunResult } from '../exec/process-runner.js';
import { formatVersion, versionAtLeast } from '../exec/tool-version.js';
import type { RawCrash } from '../../domain/raw-crash.js';
import { buildCdbArgs, type CdbArgsInput } from './cdb-args.js';
import { locateCdb, parseCdbVersion } from './cdb-locator.js';
import { markerSection } from './cdb-text.js';
import { parseCdbOutput } from './parse-cdb-output.js';
import { toRawCrash } from './cdb-to-raw-crash.js';

export interface CdbAnalyzeInput extends CdbArgsInput {
  /** Kill cdb after this long (the `debugger-timeout` setting). */
  timeoutMs: number;
}

export interface CdbClient {
  analyze(input: CdbAnalyzeInput): Promise<RawCrash>;
}

export interface CreateCdbClientOptions {
  /** The `cdb-path` setting. */
  cdbPath?: string | undefined;
  runner: ProcessRunner;
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  exists?: (p: string) => Promise<boolean>;
}

/** The Windows 10 SDK debuggers; older ones cannot read dumps of current Windows reliably. */
export const MIN_CDB_VERSION = [10, 0] as const;
const VERSION_TIMEOUT_MS = 30_000;

/** Runs cdb.exe on a minidump and returns what it found as a RawCrash. */
export class ExecCdbClient implements CdbClient {
  private constructor(
    readonly cdbPath: string,
    readonly version: string,
    private readonly runner: ProcessRunner,
  ) {}

  static async create(options: CreateCdbClientOptions): Promise<ExecCdbClient> {
    const cdbPath = await locateCdb({
      cdbPath: options.cdbPath,
      platform: options.platform ?? process.platform,
      env: options.env ?? {},
      exists: options.exists ?? fileExists,
    });
    const result = await options.runner.run(cdbPath, ['-version'], { timeoutMs: VERSION_TIMEOUT_MS });
    const version = parseCdbVersion(`${result.stdout}\n${result.stderr}`);
    if (result.timedOut || version === null) {
      throw new CrashAutofixError(
        'tool-failed',
        `'${cdbPath} -version' did not report a cdb version (${describeRun(result)}); reinstall "Debugging Tools for Windows" or point cdb-path at cdb.exe.`,
      );
    }
    if (!versionAtLeast(version, MIN_CDB_VERSION)) {
      throw new CrashAutofixError(
        'tool-missing',
        `cdb ${version.text} at '${cdbPath}' is too old (need ${formatVersion(MIN_CDB_VERSION)} or newer); install "Debugging Tools for Windows" from a current Windows SDK or set cdb-path.`,
      );
    }
    return new ExecCdbClient(cdbPath, version.text, options.runner);
  }

  async analyze(input: CdbAnalyzeInput): Promise<RawCrash> {
    const dump = path.win32.basename(input.dumpPath);
    const result = await this.runner.run(this.cdbPath, buildCdbArgs(input), { timeoutMs: input.timeoutMs });
    if (result.timedOut) {
      throw new CrashAutofixError(
        'timeout',
        `cdb did not finish analysing ${dump} within ${Math.round(input.timeoutMs / 1000)} s (symbol downloads on a cold cache are slow); raise debugger-timeout or pre-fill the symbol cache.`,
      );
    }
    const output = `${result.stdout}\n${result.stderr}`;
    const notADump = /Could not open dump file \[[^\]]*\],?\s*(.*)|Couldn't identify the dump[^\r\n]*|is not a (?:valid )?(?:crash )?dump file[^\r\n]*/i.exec(output);
    if (notADump) {
      throw new CrashAutofixError(
        'bad-input',
        `cdb cannot open ${dump} as a dump (${oneLine(notADump[0]).slice(0, 200)}); pass a minidump (.dmp) written by WER, procdump or MiniDumpWriteDump.`,
      );
    }
    if (result.exitCode !== 0) {
      throw new CrashAutofixError(
        'tool-failed',
        `cdb exited with ${describeRun(result)} while analysing ${dump}; run the same cdb command by hand to see why, or check the dump and symbol paths.`,
      );
    }
    if (!result.stdout.split(/\r?\n/).some((line) => markerSection(line) === 'end')) {
      throw new CrashAutofixError(
        'tool-failed',
        `cdb stopped before finishing its command script on ${dump} (last output: ${lastLine(output) || 'none'}); check the dump and the cdb installation.`,
      );
    }
    const analysis = parseCdbOutput(result.stdout);
    if (analysis.exceptionCode === null && analysis.bugcheck === null) {
      throw new CrashAutofixError(
        'bad-input',
        `cdb found no exception in ${dump}: it holds no exception record, so it was not written at a crash. Capture dumps at the crash (WER LocalDumps, procdump -e).`,
      );
    }
    return toRawCrash(analysis, this.version);
  }
}

function describeRun(result: RunResult): string {
  if (result.timedOut) return 'timed out';
  const how = result.exitCode !== null ? `exit code ${result.exitCode}` : `signal ${result.signal ?? 'unknown'}`;
  const last = lastLine(`${result.stderr}\n${result.stdout}`);
  return last ? `${how}: ${last}` : how;
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  return (lines.at(-1) ?? '').slice(0, 200);
}
