import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * True when the module at `moduleUrl` is the script node was started with,
 * also through an npm bin link (so argv[1] is compared by real path). An
 * entry point that is imported (tests, @github/local-action) then runs nothing.
 */
export function isEntry(moduleUrl: string, script: string | undefined = process.argv[1]): boolean {
  if (!script || !moduleUrl.startsWith('file:')) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
