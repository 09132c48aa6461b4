import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../base/fs/atomic-write.js';
import type { CrashReport } from '../domain/crash-report.js';
import { parseJobRecord } from './job-record-file.js';
import type { JobStore } from './job-store.js';
import type { JobRecord, ReportFiles } from '../domain/job-state.js';

const JOB_ID = /^[0-9a-f]{16}$/;

/**
 * The local-folder JobStore: job records and the files a job produces, one
 * folder per job under `<state-dir>/jobs/<jobId>/`. Every write is atomic.
 */
export class FolderJobStore implements JobStore {
  constructor(readonly stateDir: string) {}

  jobDir(jobId: string): string {
    return path.join(this.stateDir, 'jobs', jobId);
  }

  recordPath(jobId: string): string {
    return path.join(this.jobDir(jobId), 'job.json');
  }

  /** The ids of the jobs in this state folder (the folders holding a job record). */
  async jobIds(): Promise<string[]> {
    const entries = await readdir(path.join(this.stateDir, 'jobs'), { withFileTypes: true }).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    });
    return entries.filter((e) => e.isDirectory() && JOB_ID.test(e.name)).map((e) => e.name).sort();
  }

  async load(jobId: string): Promise<JobRecord | null> {
    const file = this.recordPath(jobId);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    return parseJobRecord(text, file);
  }

  async save(record: JobRecord): Promise<void> {
    await writeFileAtomic(this.recordPath(record.jobId), `${JSON.stringify(record, null, 2)}\n`);
  }

  /** Writes one file into the job folder, atomically; returns its path. */
  async writeText(jobId: string, name: string, content: string): Promise<string> {
    const file = path.join(this.jobDir(jobId), name);
    await writeFileAtomic(file, content.endsWith('\n') ? content : `${content}\n`);
    return file;
  }

  /** Writes report.json and its rendering, report.md, for a job; returns their paths. */
  async writeReport(jobId: string, report: CrashReport, markdown: string): Promise<ReportFiles> {
    const dir = this.jobDir(jobId);
    const files = { json: path.join(dir, 'report.json'), markdown: path.join(dir, 'report.md') };
    await writeFileAtomic(files.json, `${JSON.stringify(report, null, 2)}\n`);
    await writeFileAtomic(files.markdown, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    return files;
  }
}
