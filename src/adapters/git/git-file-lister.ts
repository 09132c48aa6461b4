import { CrashAutofixError } from '../../base/errors.js';
import type { ProcessRunner } from '../exec/process-runner.js';
import type { GitFileLister } from '../../base/fs/repository-walk.js';

const LIST_TIMEOUT_MS = 120_000;
const GIT_ENV: Record<string, string> = { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };

/**
 * Lists what git knows under a folder: tracked files plus untracked files
 * that are not ignored. Outside a checkout, or when git is missing or refuses
 * the folder (e.g. not a safe.directory), it answers null and the caller
 * walks the folder instead.
 */
export function gitFileLister(runner: ProcessRunner, gitPath = 'git'): GitFileLister {
  return async (root) => {
    let result;
    try {
      // Paths come out relative to `cwd`, so a source root below the top of the checkout works too.
      result = await runner.run(gitPath, ['-c', 'core.quotePath=false', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, timeoutMs: LIST_TIMEOUT_MS, env: GIT_ENV });
    } catch (error) {
      if (error instanceof CrashAutofixError && error.kind === 'tool-missing') return null;
      throw error;
    }
    if (result.exitCode !== 0 || result.timedOut) return null;
    return result.stdout.split('\0').filter((f) => f !== '');
  };
}
