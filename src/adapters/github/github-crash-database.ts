import { ledgerOfRecords, ledgerWith, type BuildLedger } from '../../domain/build-ledger.js';
import { applyCrashEvent } from '../../domain/crash-record-reducer.js';
import type { CrashDatabase, CrashEvent, CrashRecord } from '../../domain/crash-record.js';
import type { CrashIssue, CrashIssueClient } from './crash-issue-client.js';
import { CRASH_DB_LABEL, crashIssueLabels, crashIssueTitle, readCrashRecord, renderCrashIssueBody, type ReadRecord } from './crash-issue-body.js';

/**
 * The crash database shared by a pool of runners: one GitHub issue per crash
 * signature, labelled `crash-db` and `crash:<status>`, its body a table and
 * the record. Every write edits the issue in place (never a comment); issues
 * are found by listing the label (search lags behind writes), and the build
 * ledger is rebuilt from every record's deployments. Two runners creating the
 * same signature's issue at once: the older issue wins and takes the events,
 * the newer one is closed as its duplicate.
 */
export class GitHubCrashDatabase implements CrashDatabase {
  private constructor(private readonly client: CrashIssueClient) {}

  /** Checks that the issues can be listed (token, permissions). */
  static async create(client: CrashIssueClient): Promise<GitHubCrashDatabase> {
    const db = new GitHubCrashDatabase(client);
    await db.load();
    return db;
  }

  async record(events: readonly CrashEvent[]): Promise<CrashRecord[]> {
    if (events.length === 0) return [];
    const entries = await this.load();
    let ledger = ledgerOfRecords([...entries.values()].map(recordOf).filter((r): r is CrashRecord => r !== null));
    const changed = new Map<string, CrashRecord>();
    for (const event of events) {
      ledger = ledgerWith(ledger, event);
      const before = changed.get(event.signature) ?? current(entries.get(event.signature));
      const after = applyCrashEvent(before, event, ledger);
      if (after !== before) changed.set(event.signature, after);
    }
    const written: CrashRecord[] = [];
    for (const [signature, record] of changed) {
      const entry = entries.get(signature);
      if (entry === undefined) written.push(await this.open(record, events.filter((e) => e.signature === signature), ledger));
      else written.push(await this.write(entry.issue, record));
    }
    return written;
  }

  async get(signature: string): Promise<CrashRecord | null> {
    return current((await this.load()).get(signature));
  }

  async list(): Promise<CrashRecord[]> {
    return [...(await this.load()).values()].map(recordOf).filter((r): r is CrashRecord => r !== null);
  }

  private async write(issue: CrashIssue, record: CrashRecord): Promise<CrashRecord> {
    await this.client.editIssue(issue.number, { title: crashIssueTitle(record), body: renderCrashIssueBody(record), labels: crashIssueLabels(record, issue.labels) });
    return record;
  }

  /** Creates the signature's issue; when another runner's issue for it turns out older, the events go there and this one is closed. */
  private async open(record: CrashRecord, events: readonly CrashEvent[], ledger: BuildLedger): Promise<CrashRecord> {
    const created = await this.client.createIssue({ title: crashIssueTitle(record), body: renderCrashIssueBody(record), labels: crashIssueLabels(record) });
    const winner = (await this.load()).get(record.signature);
    if (winner === undefined || winner.issue.number === created.number) return record;
    let merged = current(winner);
    for (const event of events) merged = applyCrashEvent(merged, event, ledger);
    await this.client.editIssue(created.number, {
      body: `Duplicate of #${winner.issue.number}, the crash record of ${record.signature}: two runners opened it at once.`,
      labels: [`${CRASH_DB_LABEL}-duplicate`],
      state: 'closed',
    });
    return merged === null ? record : this.write(winner.issue, merged);
  }

  /** Every signature's issue (the oldest one, should there be two). */
  private async load(): Promise<Map<string, Entry>> {
    const entries = new Map<string, Entry>();
    for (const issue of await this.client.listIssuesWithLabel(CRASH_DB_LABEL)) {
      const read = readCrashRecord(issue.body, issue);
      if (read.kind === 'none') continue;
      const signature = read.kind === 'record' ? read.record.signature : read.signature;
      if (!entries.has(signature)) entries.set(signature, { issue, read });
    }
    return entries;
  }
}

interface Entry {
  issue: CrashIssue;
  read: Exclude<ReadRecord, { kind: 'none' }>;
}

function recordOf(entry: Entry): CrashRecord | null {
  return entry.read.kind === 'record' ? entry.read.record : null;
}

/** The entry's record; a damaged one stops the write with its one-line error rather than start the signature anew. */
function current(entry: Entry | undefined): CrashRecord | null {
  if (entry === undefined) return null;
  if (entry.read.kind === 'damaged') throw entry.read.error;
  return entry.read.record;
}
