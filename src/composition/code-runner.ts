import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathLookup } from '../toolchain/path-lookup.js';
import { ConfinedRunner } from '../adapters/exec/confined-runner.js';
import type { ProcessRunner } from '../adapters/exec/process-runner.js';
import type { Settings } from '../settings/build-settings.js';

/**
 * The runner for everything that builds or runs repository code, from the
 * settings: the allow-listed environment, and bubblewrap as `sandbox` says.
 * Writable inside the sandbox: the work folder and the compiler caches.
 */
export async function createCodeRunner(settings: Settings, inner: ProcessRunner): Promise<ConfinedRunner> {
  const env = settings.buildEnv;
  const home = env.HOME ?? env.USERPROFILE ?? null;
  const under = (dir: string | null | undefined, ...parts: string[]): string | null => (dir ? path.join(dir, ...parts) : null);
  const caches = [env.CCACHE_DIR ?? null, env.SCCACHE_DIR ?? null, under(home, '.cache', 'ccache'), under(home, '.ccache'), under(home, '.cache', 'sccache')];
  await mkdir(settings.workDir, { recursive: true });
  const pathDirs = (env.PATH ?? '').split(path.delimiter).filter((d) => path.isAbsolute(d));
  return ConfinedRunner.create({
    inner,
    env,
    sandbox: settings.sandbox,
    platform: settings.platform,
    which: pathLookup(env.PATH, settings.platform),
    mounts: {
      home,
      writable: [path.resolve(settings.workDir), ...(await existing(caches))],
      readOnly: await existing([settings.sourceRoot, under(home, '.config', 'ccache'), ...pathDirs]),
    },
  });
}

async function existing(dirs: readonly (string | null)[]): Promise<string[]> {
  const out: string[] = [];
  for (const dir of new Set(dirs)) {
    if (dir === null) continue;
    try {
      if ((await stat(dir)).isDirectory()) out.push(path.resolve(dir));
    } catch {
      // not there: nothing to mount
    }
  }
  return out;
}
