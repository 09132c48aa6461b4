import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDebuggerText } from '../../../src/composition/parse-debugger-text.js';
import { UNKNOWN_EXCEPTION_CODE } from '../../../src/domain/raw-crash.js';
import { buildReport } from '../../../src/triage/build-report.js';

// The shared corpus lives beside the repository and is never copied into it.
const corpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'corpus', 'cdb');
const present = existsSync(corpusDir);
if (!present) console.log(`Skipping the cdb stack-listing corpus tests: ${corpusDir} is absent`);

interface Expectation {
  expected: { exception_code: string | null; top_frames: string[] };
}

const listings = present ? readdirSync(corpusDir).filter((f) => /^stack-.*\.txt$/.test(f)).sort() : [];
const expectation = (file: string): Expectation => JSON.parse(readFileSync(path.join(corpusDir, file.replace(/\.txt$/, '.json')), 'utf8')) as Expectation;
const withStack = listings.filter((f) => expectation(f).expected.top_frames.length > 0);

describe.skipIf(!present)('--from-output with the corpus stack listings', () => {
  it('has the k-family listings the README promises', () => {
    expect(withStack.length).toBeGreaterThanOrEqual(7);
  });

  it.each(withStack)('%s becomes a report, the exception unknown when the listing has none', async (file) => {
    const { expected } = expectation(file);
    const raw = parseDebuggerText('cdb', readFileSync(path.join(corpusDir, file), 'utf8'));
    expect(raw.exception.code).toBe(expected.exception_code ?? UNKNOWN_EXCEPTION_CODE);
    const frame = raw.threads[0]?.frames[0];
    // A call site is `module!function+offset`, or `module+offset` without symbols.
    expect(expected.top_frames[0]?.startsWith(frame?.function === null ? `${frame.module ?? ''}+` : `${frame?.module ?? ''}!${frame?.function ?? ''}`)).toBe(true);
    const report = await buildReport(raw, { repoFiles: null, readSource: async () => null, culpritIgnore: [], contextLines: 3, dump: { path: file, format: 'debugger-text', fingerprint: null, executable: null }, now: new Date(0) });
    if (expected.exception_code === null) expect(report.signature).toMatch(/^unknown-[0-9a-f]{12}$/);
    expect(report.frames.length).toBe(raw.threads[0]?.frames.length);
  });

  it('refuses a listing with neither an exception nor a stack, saying what to pass', () => {
    for (const file of listings.filter((f) => !withStack.includes(f))) {
      expect(() => parseDebuggerText('cdb', readFileSync(path.join(corpusDir, file), 'utf8'))).toThrow(/no exception record, exception code, bugcheck or stack, so there is no crash to report/);
    }
  });
});
