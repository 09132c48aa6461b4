/** What `deploy-command`, `rollback-command` and the stress commands may name; filled per word, never through a shell. */
export const DEPLOY_PLACEHOLDERS = ['{target}', '{environment}', '{build-dir}', '{artifact}', '{version}', '{commit}'] as const;

export interface PlaceholderValues {
  target: string;
  environment: string;
  buildDir: string;
  artifact: string;
  version: string;
  commit: string;
}

/**
 * The argv with each placeholder replaced, and the same values as
 * `CRASH_AUTOFIX_*` variables for scripts that would rather read those.
 */
export function fillPlaceholders(argv: readonly string[], v: PlaceholderValues): { argv: string[]; env: Record<string, string> } {
  const table: Record<(typeof DEPLOY_PLACEHOLDERS)[number], string> = {
    '{target}': v.target,
    '{environment}': v.environment,
    '{build-dir}': v.buildDir,
    '{artifact}': v.artifact,
    '{version}': v.version,
    '{commit}': v.commit,
  };
  const filled = argv.map((word) => DEPLOY_PLACEHOLDERS.reduce((w, p) => w.split(p).join(table[p]), word));
  return {
    argv: filled,
    env: {
      CRASH_AUTOFIX_TARGET: v.target,
      CRASH_AUTOFIX_ENVIRONMENT: v.environment,
      CRASH_AUTOFIX_BUILD_DIR: v.buildDir,
      CRASH_AUTOFIX_ARTIFACT: v.artifact,
      CRASH_AUTOFIX_VERSION: v.version,
      CRASH_AUTOFIX_COMMIT: v.commit,
    },
  };
}

/**
 * A first word that names a script runs through its interpreter (the command
 * itself has no shell): `.sh` with sh, `.ps1` with PowerShell, `.cmd`/`.bat` with cmd.
 */
export function withInterpreter(argv: readonly string[], platform: NodeJS.Platform): string[] {
  const [first = '', ...rest] = argv;
  const lower = first.toLowerCase();
  if (lower.endsWith('.sh')) return ['sh', first, ...rest];
  if (lower.endsWith('.ps1')) return [platform === 'win32' ? 'powershell.exe' : 'pwsh', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', first, ...rest];
  if (platform === 'win32' && (lower.endsWith('.cmd') || lower.endsWith('.bat'))) return ['cmd.exe', '/d', '/s', '/c', first, ...rest];
  return [...argv];
}
