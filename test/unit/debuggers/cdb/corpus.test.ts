import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCdbOutput } from '../../../../src/debuggers/cdb/parse-cdb-output.js';

// The shared corpus lives beside the repository and is never copied into it.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus', 'cdb');

interface Expectation {
  format: 'old' | 'new' | 'stack-only' | 'kernel';
  expected: {
    exception_code: string | null;
    failure_bucket_id: string | null;
    symbol_name: string | null;
    module_name: string | null;
    faulting_source: { file: string; line: number } | null;
    top_frames: string[];
    process_name: string | null;
  };
}

const cases = existsSync(corpusDir)
  ? readdirSync(corpusDir)
      .filter((f) => f.endsWith('.txt') && existsSync(path.join(corpusDir, f.replace(/\.txt$/, '.json'))))
      .sort()
  : [];

describe('cdb corpus', () => {
  it('finds the shared corpus with its expectations', () => {
    expect(existsSync(corpusDir), `missing ${corpusDir}`).toBe(true);
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', (file) => {
    const text = readFileSync(path.join(corpusDir, file), 'utf8');
    const spec = JSON.parse(readFileSync(path.join(corpusDir, file.replace(/\.txt$/, '.json')), 'utf8')) as Expectation;
    const analysis = parseCdbOutput(text);
    const e = spec.expected;
    expect({
      format: analysis.format,
      exception_code: analysis.exceptionCode,
      failure_bucket_id: analysis.failureBucketId,
      symbol_name: analysis.symbolName,
      module_name: analysis.moduleName,
      faulting_source: analysis.faultingSource,
      top_frames: analysis.frames.slice(0, 3).map((f) => f.callSite),
      process_name: analysis.processName,
    }).toEqual({
      format: spec.format,
      exception_code: e.exception_code,
      failure_bucket_id: e.failure_bucket_id,
      symbol_name: e.symbol_name,
      module_name: e.module_name,
      faulting_source: e.faulting_source,
      top_frames: e.top_frames,
      process_name: e.process_name,
    });
  });
});
