import { parseCdbOutput } from '../debuggers/cdb/parse-cdb-output.js';
import { toRawCrash as cdbToRawCrash } from '../debuggers/cdb/to-raw-crash.js';
import { ExecCdbClient } from '../debuggers/cdb/cdb-client.js';
import { ExecGdbClient } from '../debuggers/gdb/gdb-client.js';
import { parseGdbBacktrace } from '../debuggers/gdb-text/parse-gdb-backtrace.js';
import { identifyDump } from '../dump/identify-dump.js';
import { readMinidump } from '../dump/minidump/read-minidump.js';
import { minidumpToRawCrash } from '../dump/minidump/to-raw-crash.js';
import { CrashAutofixError } from '../errors.js';
import path from 'node:path';
import { FileProbeCache } from '../exec/probe-cache.js';
import { NodeProcessRunner, type ProcessRunner } from '../exec/process-runner.js';
import { createSourceReader, listRepositoryFiles } from '../report/repo-files.js';
import type { Settings } from '../settings/build-settings.js';
import type { DumpDebugger } from '../stages/parse-dump.js';
import type { AnalyzeAdapters } from './analyze.js';

/** Builds the real adapters for the analyze job; debuggers are created (and version-checked) on first use. */
export function createAnalyzeAdapters(settings: Settings, runner: ProcessRunner = new NodeProcessRunner()): AnalyzeAdapters {
  const debuggers = new Map<'gdb' | 'cdb', Promise<DumpDebugger>>();
  const make = async (name: 'gdb' | 'cdb'): Promise<DumpDebugger> => {
    if (name === 'gdb') {
      const gdb = await ExecGdbClient.create({
        gdbPath: settings.gdbPath ?? undefined,
        runner,
        probeCache: { cache: new FileProbeCache(path.join(settings.stateDir, 'tool-probes.json')), pathEnv: settings.toolEnv.PATH, platform: settings.platform },
      });
      return {
        analyze: (r) => {
          if (r.executable === null) throw new CrashAutofixError('config', "gdb needs the crashed program; set 'executable'");
          return gdb.analyze({ corePath: r.dumpPath, executablePath: r.executable, solibSearchPath: r.symbols, sourceDirs: [r.sourceRoot], timeoutMs: r.timeoutMs });
        },
      };
    }
    const cdb = await ExecCdbClient.create({ cdbPath: settings.cdbPath ?? undefined, runner, platform: settings.platform, env: { ...settings.toolEnv } });
    return {
      analyze: (r) =>
        cdb.analyze({
          dumpPath: r.dumpPath,
          executablePath: r.executable ?? undefined,
          symbolPath: r.symbols,
          symbolCacheDir: r.symbolCache,
          sourcePath: [r.sourceRoot],
          timeoutMs: r.timeoutMs,
        }),
    };
  };
  const readSource = createSourceReader(settings.sourceRoot);
  return {
    identifyDump,
    debugger: (name) => {
      let existing = debuggers.get(name);
      if (!existing) {
        existing = make(name);
        debuggers.set(name, existing);
      }
      return existing;
    },
    parseText: (name, text) => (name === 'cdb' ? cdbToRawCrash(parseCdbOutput(text), null) : parseGdbBacktrace(text)),
    repository: {
      listFiles: async () => (await listRepositoryFiles(settings.sourceRoot)).files,
      readSource,
    },
    readMinidumpNatively: async (file) => minidumpToRawCrash(await readMinidump(file)),
    now: () => new Date(),
  };
}
