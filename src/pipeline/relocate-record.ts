import path from 'node:path';
import type { JobRecord } from '../domain/job-state.js';

/**
 * A record restored on another runner names its job folder's files (report,
 * analysis, transcript, fix.diff, build logs) by the old runner's absolute
 * paths. Every string that is a path inside the old job folder — any
 * `…/jobs/<jobId>/<file>`, in either separator, as FolderJobStore lays it out —
 * is rewritten to the same file under `jobDir`. Any other path (the dump, the
 * work tree, the build folder) stays as it was: those are not in the artifact.
 */
export function relocateRecord(record: JobRecord, jobDir: string): JobRecord {
  const inOldFolder = new RegExp(`^(.*?[\\\\/]jobs[\\\\/]${record.jobId})[\\\\/](.+)$`);
  const relocate = (text: string): string => {
    const match = inOldFolder.exec(text);
    const parts = match?.[2]?.split(/[\\/]+/) ?? [];
    // `..` would step out of the job folder: such a string is not one of its files.
    if (parts.length === 0 || parts.some((p) => p === '..' || p === '')) return text;
    return path.join(jobDir, ...parts);
  };
  return mapStrings(record, relocate);
}

function mapStrings<T>(value: T, f: (text: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, f)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)])) as T;
  }
  return value;
}
