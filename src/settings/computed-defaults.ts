import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { ComputedKey, ValueOf } from './definitions.js';
import type { Environment } from './environment.js';

export const DEFAULT_CONFIG = '.github/crash-autofix.yml';

type Origin = 'action' | 'cli';

/**
 * The defaults that depend on other settings or on the environment, one
 * function per setting the table marks `computed` (its text says the same in
 * words). Paths come back absolute; a key missing here fails to compile.
 */
export const COMPUTED_DEFAULTS = {
  'source-root': (env: Environment): string => env.workspace ?? env.cwd,
  config: (sourceRoot: string): string => path.resolve(sourceRoot, DEFAULT_CONFIG),
  'state-dir': (origin: Origin, env: Environment, sourceRoot: string): string =>
    path.resolve(sourceRoot, origin === 'action' && env.runnerTemp ? path.join(env.runnerTemp, 'crash-autofix') : '.crash-autofix'),
  'symbol-cache': (stateDir: string): string => path.join(stateDir, 'symbols'),
  'work-dir': defaultWorkDir,
  parallel: (): number => Math.max(1, os.availableParallelism()),
  // The CLI takes secrets from the environment only: flags show up in process lists.
  'anthropic-api-key': (env: Environment): string | null => env.anthropicApiKey,
  'github-token': (env: Environment): string | null => env.githubToken,
  repository: (env: Environment): string | null => env.githubRepository,
  'dump-url-header': (env: Environment): string | null => env.dumpUrlHeader,
  server: (): string => os.hostname(),
  'run-id': (env: Environment): number | null => (env.github?.runId && /^\d+$/.test(env.github.runId) ? Number(env.github.runId) : null),
} satisfies { [K in ComputedKey]: (...args: never[]) => ValueOf<K> | null };

/**
 * The work tree must live outside the checkout it branches from, and should
 * outlive the job so the next build is incremental: the action's RUNNER_TEMP
 * is emptied after every job, so the action keeps it in the user's cache.
 */
function defaultWorkDir(origin: Origin, stateDir: string, sourceRoot: string, home: string | null): string {
  const inside = !path.relative(sourceRoot, stateDir).startsWith('..') && !path.isAbsolute(path.relative(sourceRoot, stateDir));
  if (!inside && origin === 'cli') return path.join(stateDir, 'worktrees');
  const id = createHash('sha256').update(sourceRoot).digest('hex').slice(0, 8);
  return path.resolve(sourceRoot, path.join(home ?? os.tmpdir(), '.cache', 'crash-autofix', 'worktrees', `${path.basename(sourceRoot)}-${id}`));
}
