import type { CommitSummary } from './git-client.js';

/** Unit separator between fields, record separator after each commit: neither occurs in names or subjects. */
const US = '\x1f';
const RS = '\x1e';
export const LOG_FORMAT = `--format=%H${'%x1f'}%aI${'%x1f'}%an${'%x1f'}%s${'%x1e'}`;

const MAX_SUBJECT = 300;
const MAX_AUTHOR = 200;

/** Parses `git log` output made with LOG_FORMAT; a record that does not have the exact shape is an error. */
export function parseLog(stdout: string): CommitSummary[] {
  const commits: CommitSummary[] = [];
  for (const raw of stdout.split(RS)) {
    const record = raw.replace(/^\n/, '');
    if (record.trim() === '') continue;
    const fields = record.split(US);
    const [hash, date, author, subject] = fields;
    if (fields.length !== 4 || hash === undefined || date === undefined || author === undefined || subject === undefined || !/^[0-9a-f]{40,64}$/.test(hash)) {
      throw new Error(`unexpected git log record ${JSON.stringify(record.slice(0, 80))}`);
    }
    commits.push({ hash, date, author: author.slice(0, MAX_AUTHOR), subject: subject.slice(0, MAX_SUBJECT) });
  }
  return commits;
}
