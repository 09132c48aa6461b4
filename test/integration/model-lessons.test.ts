import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeCrash } from '../../src/analysis/engine.js';
import { lessonsFromDatabase } from '../../src/composition/crash-lessons.js';
import type { CrashEvent, CrashRecord } from '../../src/domain/crash-record.js';
import { applyCrashEvent } from '../../src/domain/crash-record-reducer.js';
import type { AnalysisRecord, StateOf } from '../../src/domain/job-state.js';
import { analyzeCrashStage } from '../../src/stages/analyze-crash.js';
import { MessagesApiServer, toolUse } from '../fakes/messages-api-server.js';
import { HANDLER_FILE, sampleReport } from '../fakes/fake-repo-crash-report.js';
import { engineHarness, handlerFix, TEST_API_KEY } from '../fakes/fake-repo-engine.js';
import { analyzing } from '../fakes/sample-states.js';

let server: MessagesApiServer;
beforeEach(async () => {
  server = await MessagesApiServer.start({ apiKey: TEST_API_KEY });
});
afterEach(async () => {
  await server.close();
});

const REASON = 'Returning 0 hides the bug: find out why the session is missing instead of guarding the read.';
const NET_REASON = 'Packet sizes are checked in the decoder, never in the handler.';

/** Two earlier crashes whose fixes were rejected: one in src/server (the handler's folder), one in src/net. */
function earlierCrashes(): CrashRecord[] {
  const events = (signature: string, module: string, reason: string): CrashEvent[] => [
    { kind: 'occurrence', id: `${signature}:dump`, signature, at: '2026-11-01T10:00:00.000Z', title: `crash ${signature}`, module, jobId: `job-${signature}`, dumpSha256: null, build: 'b1', server: 'realm-1' },
    { kind: 'pr-opened', id: `${signature}:pr`, signature, at: '2026-11-01T10:20:00.000Z', jobId: `job-${signature}`, pr: { number: 4, url: 'https://github.com/acme/realm/pull/4' }, severity: 'high' },
    { kind: 'rejected', id: `${signature}:rejected`, signature, at: '2026-11-02T09:00:00.000Z', reviewer: 'lead-dev', reason, module },
  ];
  const record = (list: CrashEvent[]): CrashRecord => list.reduce<CrashRecord | null>((r, e) => applyCrashEvent(r, e, new Map()), null) as CrashRecord;
  return [record(events('null-read-aaaaaaaaaaaa', 'src/server', REASON)), record(events('oob-read-bbbbbbbbbbbb', 'src/net', NET_REASON))];
}

/** The first request's opening message, as the Messages API received it. */
function openingText(): string {
  return JSON.stringify(server.bodies()[0]?.messages[0]?.content);
}

describe("a rejection's reason in the next prompt", () => {
  it('reaches the analysis of a later crash in the same module, and the record names it', async () => {
    const h = await engineHarness(server);
    server.script({ reply: { content: [toolUse('submit_fix', handlerFix())] } });
    const warnings: string[] = [];
    const lessons = lessonsFromDatabase(() => Promise.resolve({ list: () => Promise.resolve(earlierCrashes()) }), (m) => warnings.push(m));
    const state: StateOf<'ANALYZING'> = { ...analyzing(), report: sampleReport() };
    expect(state.report.culprit?.file).toBe(HANDLER_FILE);

    const next = await analyzeCrashStage(state, {
      engine: () => Promise.resolve(h.deps),
      run: analyzeCrash,
      lessons,
      readGuidance: () => Promise.resolve(''),
      writeJobFile: (name) => Promise.resolve(`/job/${name}`),
      renderMarkdown: (a: AnalysisRecord) => a.proposal.root_cause.summary,
      model: h.deps.settings.model,
    });

    server.assertDone();
    const opening = openingText();
    expect(opening).toContain('<review_lessons>');
    expect(opening).toContain(`lead-dev rejected a fix on 2026-11-02 (module src/server, crash null-read-aaaaaaaaaaaa):\\n  ${REASON}`);
    expect(opening).not.toContain(NET_REASON);
    expect(next.analysis.lessons?.map((l) => l.id)).toEqual(['null-read-aaaaaaaaaaaa:rejected']);
    expect(warnings).toEqual([]);
  });

  it('stays out of the analysis of a crash in another module', async () => {
    const h = await engineHarness(server);
    server.script({ reply: { content: [toolUse('submit_fix', handlerFix())] } });
    const report = sampleReport({ signature: 'abort-cccccccccccc' });
    const frames = report.frames.map((f) => (f.index === 0 ? { ...f, file: 'src/render/draw.cpp' } : f));
    const other = { ...report, frames, culprit: report.culprit && { ...report.culprit, file: 'src/render/draw.cpp' } };
    const lessons = await lessonsFromDatabase(() => Promise.resolve({ list: () => Promise.resolve(earlierCrashes()) }), () => undefined)(other);
    expect(lessons).toEqual([]);

    await analyzeCrash({ ...h.deps, report: other, lessons });

    server.assertDone();
    const opening = openingText();
    expect(opening).toContain('culprit: frame #0 Handler::process(Request const*) at src/render/draw.cpp:5');
    expect(opening).not.toContain('review_lessons');
    expect(opening).not.toContain(REASON);
    expect(opening).not.toContain(NET_REASON);
  });

  it('costs the prompt its lessons, not the job, when the database cannot be read', async () => {
    const warnings: string[] = [];
    const broken = lessonsFromDatabase(() => Promise.reject(new Error('crash-db.sqlite is not a database')), (m) => warnings.push(m));
    expect(await broken(sampleReport())).toEqual([]);
    expect(warnings).toEqual(["The crash database could not be read, so the analysis goes without reviewers' lessons: crash-db.sqlite is not a database"]);
  });
});
