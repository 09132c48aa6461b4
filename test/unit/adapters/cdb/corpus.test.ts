import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseCdbOutput } from '../../../../src/adapters/cdb/parse-cdb-output.js';
import { corpusFolder } from '../../../fixtures/corpus.js';

const corpus = corpusFolder('cdb');

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

const cases = corpus.list('.txt').filter((f) => existsSync(corpus.file(f.replace(/\.txt$/, '.json'))));

corpus.describe('cdb corpus', () => {
  it('finds the shared corpus with its expectations', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', (file) => {
    const text = readFileSync(corpus.file(file), 'utf8');
    const spec = JSON.parse(readFileSync(corpus.file(file.replace(/\.txt$/, '.json')), 'utf8')) as Expectation;
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
