import { ExecCdbClient } from '../adapters/cdb/cdb-client.js';
import { ExecGdbClient } from '../adapters/gdb/gdb-client.js';
import { CrashAutofixError } from '../base/errors.js';
import { FileProbeCache } from '../adapters/exec/probe-cache.js';
import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import type { Settings } from '../settings/build-settings.js';
import type { DumpDebugger } from '../stages/parse-dump.js';
import { once } from '../base/once.js';

/** gdb and cdb behind the stage's DumpDebugger port, each created once, on first use. */
export function createDebuggers(settings: Settings, runner: ProcessRunner, probeCacheFile: string): (name: 'gdb' | 'cdb') => Promise<DumpDebugger> {
  const make = async (name: 'gdb' | 'cdb'): Promise<DumpDebugger> => {
    if (name === 'gdb') {
      const gdb = await ExecGdbClient.create({
        gdbPath: settings.gdbPath ?? undefined,
        runner,
        probeCache: { cache: new FileProbeCache(probeCacheFile), pathEnv: settings.toolEnv.PATH, platform: settings.platform },
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
  const gdb = once(() => make('gdb'));
  const cdb = once(() => make('cdb'));
  return (name) => (name === 'gdb' ? gdb() : cdb());
}
