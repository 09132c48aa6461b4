import { describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../src/base/errors.js';
import { runReadTool } from '../../../src/analysis/tool-executor.js';
import { FakeHistory, FakeRepo } from '../../fakes/fake-repo.js';
import { HANDLER_FILE, fakeRepoFiles } from '../../fakes/fake-repo-crash-report.js';

const ports = {
  repo: new FakeRepo(fakeRepoFiles()),
  history: new FakeHistory({ [HANDLER_FILE]: [{ hash: 'abc123', date: '2024-12-30', author: 'Dev', subject: 'Change' }] }),
};

describe('runReadTool', () => {
  it('formats each tool result for the model', async () => {
    expect(await runReadTool('read_file', { path: HANDLER_FILE, start_line: 4, end_line: 5 }, ports)).toEqual({
      content: `${HANDLER_FILE} lines 4-5 of 11\n    4|   const Session* s = sessions_.find(req->id);\n    5|   return s->user_count;`,
      isError: false,
    });
    expect((await runReadTool('search_code', { pattern: 'user_count', path_glob: 'src/**/*.cpp' }, ports)).content).toBe(
      `${HANDLER_FILE}:5:   return s->user_count;\n${HANDLER_FILE}:10:   return s->user_count;`,
    );
    expect((await runReadTool('search_code', { pattern: 'nothing-here' }, ports)).content).toBe('no matches');
    expect((await runReadTool('list_files', { path: '.' }, ports)).content).toBe('src/\nCMakeLists.txt');
    expect((await runReadTool('git_log', { path: HANDLER_FILE, max: 3 }, ports)).content).toBe('abc123 2024-12-30 Dev: Change');
    expect((await runReadTool('git_log', { path: 'src/other.cpp' }, ports)).content).toBe('no commits touch src/other.cpp');
  });

  it('answers bad input with an error result instead of throwing', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['read_file', {}, /^Invalid input for read_file: path: /],
      ['read_file', { path: HANDLER_FILE, start_line: 0 }, /start_line: /],
      ['read_file', { path: HANDLER_FILE, start_line: 5, end_line: 2 }, /end_line \(2\) is before start_line \(5\)/],
      ['read_file', { path: 'nope.cpp' }, /no file 'nope.cpp'/],
      ['read_file', { path: HANDLER_FILE, extra: 1 }, /Unrecognized key/],
      ['search_code', { pattern: '(' }, /invalid regular expression/],
      ['git_log', { path: HANDLER_FILE, max: 500 }, /max: /],
      ['list_files', null, /Invalid input for list_files/],
      ['delete_everything', {}, /Unknown tool 'delete_everything'/],
    ];
    for (const [name, input, message] of cases) {
      const result = await runReadTool(name, input, ports);
      expect(result.isError, name).toBe(true);
      expect(result.content).toMatch(message);
    }
  });

  it('lets real faults of a port through', async () => {
    const broken = { ...ports, history: { log: () => Promise.reject(new CrashAutofixError('tool-failed', 'git log failed')) } };
    await expect(runReadTool('git_log', { path: HANDLER_FILE }, broken)).rejects.toThrow('git log failed');
  });
});
