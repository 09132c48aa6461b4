import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../../scripts/fix-bench/bench-options.js';

const DIR = '/repo/bench/fix-scenarios';

describe('parseBenchOptions', () => {
  it('has defaults for a plain run', () => {
    expect(parseBenchOptions([], DIR)).toEqual({ help: false, scenarios: [], scenarioDir: DIR, model: null, maxScenarios: null, keep: false, json: false });
  });

  it('reads every option, --scenario repeated', () => {
    const argv = ['--scenario', 'libc', '--scenario=inline', '--scenarios', 'ours', '--model', 'claude-opus-4-1', '--max-scenarios', '3', '--keep', '--json'];
    expect(parseBenchOptions(argv, DIR)).toEqual({ help: false, scenarios: ['libc', 'inline'], scenarioDir: 'ours', model: 'claude-opus-4-1', maxScenarios: 3, keep: true, json: true });
    expect(parseBenchOptions(['--help'], DIR).help).toBe(true);
  });

  it('refuses bad options in one line that says what to do', () => {
    expect(() => parseBenchOptions(['--max-scenarios', '2x'], DIR)).toThrow(`Option '--max-scenarios' must be a positive integer, got "2x"`);
    expect(() => parseBenchOptions(['--max-scenarios', '0'], DIR)).toThrow(`Option '--max-scenarios' must be a positive integer, got "0"`);
    expect(() => parseBenchOptions(['--model', ' '], DIR)).toThrow("Option '--model' must be a Claude model id, e.g. claude-sonnet-5-5, got an empty value");
    expect(() => parseBenchOptions(['--fast'], DIR)).toThrow(/^Unknown option '--fast'; run 'npm run bench:fix -- --help'$/);
    expect(() => parseBenchOptions(['null-write'], DIR)).toThrow(/Unexpected argument 'null-write'.*; run 'npm run bench:fix -- --help'$/);
  });
});
