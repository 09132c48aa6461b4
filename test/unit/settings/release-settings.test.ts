import { describe, expect, it } from 'vitest';
import { buildSettings, type SettingsInput } from '../../../src/settings/build-settings.js';
import { fakeEnvironment } from '../../fakes/environment.js';

const env = fakeEnvironment();

function input(command: 'deploy' | 'stress', values: SettingsInput['values'], config: string | null = null): SettingsInput {
  return { origin: 'cli', command, values: { 'source-root': '/srv/server', ...values }, environment: env, readTextFile: async (file) => (file.endsWith('crash-autofix.yml') ? config : null) };
}

describe('the deploy and stress settings', () => {
  it('parse the commands into argv with their placeholders kept, and durations into ms', async () => {
    const s = await buildSettings(input('deploy', { 'deploy-command': 'deploy.sh {build-dir}/worldserver /srv/test 8085 {version}', 'health-check': 'tcp://127.0.0.1:8085' }));
    expect(s.deployCommand).toEqual(['deploy.sh', '{build-dir}/worldserver', '/srv/test', '8085', '{version}']);
    expect([s.deployTarget, s.testEnvironment, s.productionEnvironment, s.healthTimeoutMs, s.deployTimeoutMs]).toEqual(['test', 'crash-fix-test', 'production', 120_000, 1_800_000]);
    const stress = await buildSettings(input('stress', {}, 'stress-command: bots --count 500\nstress-duration: 600\nstress-interval: 15\nstress-metric-command: tick-p99.sh\nstress-metric-max: 50.5\nstress-failure-limit: 2\n'));
    expect([stress.stressCommand, stress.stressDurationMs, stress.stressIntervalMs, stress.stressMetricMax, stress.stressFailureLimit]).toEqual([['bots', '--count', '500'], 600_000, 15_000, 50.5, 2]);
  });

  it('refuse in one line: deploy without its command, a metric without its limit, a bad health check, a target that is not one', async () => {
    await expect(buildSettings(input('deploy', {}))).rejects.toThrow(/deploy-command.* is required: the command that installs the release on the test target/i);
    await expect(buildSettings(input('stress', { 'stress-metric-command': 'p99.sh' }))).rejects.toThrow(/stress-metric-max.* is required with .*stress-metric-command/i);
    await expect(buildSettings(input('stress', { 'health-check': 'localhost:8085' }))).rejects.toThrow(/health-check' must be tcp:\/\/host:port, http\(s\):\/\/… or process:NAME; got "localhost:8085"/);
    await expect(buildSettings(input('deploy', { 'deploy-command': 'x', 'deploy-target': 'staging' }))).rejects.toThrow(/deploy-target.*must be one of 'test', 'production'.*staging/i);
    await expect(buildSettings(input('stress', { 'stress-metric-max': '-3' }))).rejects.toThrow(/stress-metric-max.*must be a number above 0/i);
  });

  it('are refused by commands that do not read them', async () => {
    await expect(buildSettings({ ...input('deploy', {}), command: 'analyze', values: { dump: 'core', 'deploy-command': 'x' } })).rejects.toThrow("Option '--deploy-command' is not read by 'analyze', only by 'deploy'; drop it");
  });
});
