import path from 'node:path';
import { CrashAutofixError } from '../../base/errors.js';
import { parseToolVersion, type ToolVersion } from '../exec/tool-version.js';

export interface LocateCdbOptions {
  /** The `cdb-path` setting, when given. */
  cdbPath?: string | undefined;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  exists: (p: string) => Promise<boolean>;
}

const KIT_ARCHES = ['x64', 'arm64', 'x86'] as const;

/** Windows environment variables are case-insensitive (`Path`, `PATH`). */
function envValue(env: Record<string, string | undefined>, name: string, caseInsensitive: boolean): string | undefined {
  if (!caseInsensitive) return env[name];
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : env[key];
}

/** Every place searched for cdb.exe, in order: PATH, then the Windows Kits Debuggers folders. */
export function cdbCandidates(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[] {
  const win = platform === 'win32';
  const p = win ? path.win32 : path.posix;
  const exe = win ? 'cdb.exe' : 'cdb';
  const pathDirs = (envValue(env, 'PATH', win) ?? '')
    .split(win ? ';' : ':')
    .map((d) => d.trim().replace(/^"(.*)"$/, '$1'))
    .filter((d) => d !== '');
  const candidates = pathDirs.map((d) => p.join(d, exe));
  if (win) {
    const roots = [
      envValue(env, 'ProgramFiles(x86)', true) ?? 'C:\\Program Files (x86)',
      envValue(env, 'ProgramFiles', true) ?? 'C:\\Program Files',
    ];
    for (const root of roots) {
      for (const arch of KIT_ARCHES) candidates.push(p.join(root, 'Windows Kits', '10', 'Debuggers', arch, 'cdb.exe'));
    }
  }
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const key = win ? c.toLowerCase() : c;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Finds cdb: the `cdb-path` setting first, then PATH, then the Windows Kits
 * Debuggers folders. The error lists every place it looked.
 */
export async function locateCdb(options: LocateCdbOptions): Promise<string> {
  if (options.cdbPath) {
    if (await options.exists(options.cdbPath)) return options.cdbPath;
    throw new CrashAutofixError(
      'tool-missing',
      `Setting 'cdb-path' is ${JSON.stringify(options.cdbPath)}, but no file is there. Fix cdb-path, or remove it to search PATH and the Windows Kits Debuggers folders.`,
    );
  }
  if (options.platform !== 'win32') {
    throw new CrashAutofixError(
      'tool-missing',
      `cdb (Debugging Tools for Windows) runs only on Windows and this machine is ${options.platform}; analyse Windows dumps on a Windows runner or set cdb-path.`,
    );
  }
  const candidates = cdbCandidates(options.platform, options.env);
  for (const candidate of candidates) {
    if (await options.exists(candidate)) return candidate;
  }
  throw new CrashAutofixError(
    'tool-missing',
    `cdb.exe not found; looked in: ${candidates.join(', ')}. Install "Debugging Tools for Windows" (a Windows SDK feature) or set cdb-path.`,
  );
}

/** `cdb version 10.0.22621.2428` (from `cdb -version`) or the banner's `Windows Debugger Version 10.0...`. */
export function parseCdbVersion(output: string): ToolVersion | null {
  return parseToolVersion(output, 'cdb version') ?? parseToolVersion(output, 'Debugger Version');
}
