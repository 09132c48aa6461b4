import { describe, expect, it } from 'vitest';
import { NodeProcessRunner } from '../../../../src/adapters/exec/process-runner.js';

describe('NodeProcessRunner environment', () => {
  it("starts children from the environment it was given, never this process's", async () => {
    process.env.CAF_RUNNER_SECRET = 'sk-ant-api03-RUNNERENV0123456789abcdef';
    try {
      const runner = new NodeProcessRunner({ PATH: process.env.PATH, ONLY: 'this' });
      const r = await runner.run(process.execPath, ['-e', 'process.stdout.write(JSON.stringify(process.env))'], { env: { EXTRA: '1' } });
      const seen = JSON.parse(r.stdout) as Record<string, string>;
      expect(seen.ONLY).toBe('this');
      expect(seen.EXTRA).toBe('1');
      expect(seen).not.toHaveProperty('CAF_RUNNER_SECRET');
      const replaced = await runner.run(process.execPath, ['-e', 'process.stdout.write(JSON.stringify(process.env))'], { baseEnv: { PATH: process.env.PATH ?? '' } });
      expect(JSON.parse(replaced.stdout)).not.toHaveProperty('ONLY');
    } finally {
      delete process.env.CAF_RUNNER_SECRET;
    }
  });
});
