import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../base/fs/atomic-write.js';

/**
 * Remembers what a tool's version probe found, keyed by the binary's real
 * path, size and modification time: probing gdb costs two process starts
 * (about 0.2 s), more than the rest of a small job. A replaced or upgraded
 * binary has another key and is probed again.
 */
export interface ProbeCache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

export class FileProbeCache implements ProbeCache {
  constructor(private readonly file: string) {}

  async get(key: string): Promise<string | null> {
    const entries = await this.read();
    return entries[key] ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    const entries = await this.read();
    entries[key] = value;
    await writeFileAtomic(this.file, `${JSON.stringify(entries, null, 2)}\n`);
  }

  private async read(): Promise<Record<string, string>> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
      }
    } catch {
      // Missing or damaged: probe again.
    }
    return {};
  }
}

/** `realpath|size|mtime` of the binary a command name runs, or null when it cannot be found. */
export async function toolIdentity(command: string, pathEnv: string | undefined, platform: NodeJS.Platform): Promise<string | null> {
  const candidates = command.includes('/') || command.includes('\\')
    ? [command]
    : (pathEnv ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean).flatMap((dir) => (platform === 'win32' ? [path.join(dir, `${command}.exe`), path.join(dir, command)] : [path.join(dir, command)]));
  for (const candidate of candidates) {
    try {
      const real = await realpath(candidate);
      const info = await stat(real);
      if (info.isFile()) return `${real}|${info.size}|${Math.trunc(info.mtimeMs)}`;
    } catch {
      // not here
    }
  }
  return null;
}
