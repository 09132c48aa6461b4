import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CrashAutofixError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { CrashReport } from '../report/crash-report.js';
import { renderReportMarkdown } from '../report/markdown.js';
import { JOB_SCHEMA_VERSION, JobRecordSchema, type JobRecord, type ReportFiles } from './state.js';

/**
 * Job records and the files a job produces, one folder per job under
 * `<state-dir>/jobs/<jobId>/`. Every write is atomic.
 */
export class JobStore {
  constructor(readonly stateDir: string) {}

  jobDir(jobId: string): string {
    return path.join(this.stateDir, 'jobs', jobId);
  }

  recordPath(jobId: string): string {
    return path.join(this.jobDir(jobId), 'job.json');
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
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CrashAutofixError('bad-input', `Job record ${file} is not valid JSON; delete it (or run with --fresh) to start the job again`);
    }
    const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
    if (version !== JOB_SCHEMA_VERSION) {
      throw new CrashAutofixError('bad-input', `Job record ${file} has schema version ${JSON.stringify(version)}, this crash-autofix reads ${JOB_SCHEMA_VERSION}; upgrade crash-autofix or run with --fresh`);
    }
    const parsed = JobRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CrashAutofixError('bad-input', `Job record ${file} is damaged (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}); run with --fresh to start the job again`);
    }
    return parsed.data;
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

  /** Writes report.json and report.md for a job; returns their paths. */
  async writeReport(jobId: string, report: CrashReport): Promise<ReportFiles> {
    const dir = this.jobDir(jobId);
    const files = { json: path.join(dir, 'report.json'), markdown: path.join(dir, 'report.md') };
    const markdown = renderReportMarkdown(report);
    await writeFileAtomic(files.json, `${JSON.stringify(report, null, 2)}\n`);
    await writeFileAtomic(files.markdown, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    return files;
  }
}
