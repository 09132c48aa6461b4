/**
 * What a scenario needs before `crash-autofix fix` runs: a repository of its
 * own (the fixture's sources, or a clone of the team's repository at the
 * crashed commit), the dump, the program, and where the culprit should be.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { NodeProcessRunner } from '../../src/adapters/exec/process-runner.js';
import { CrashAutofixError } from '../../src/base/errors.js';
import { buildFixture, expectedCrashSite, produceCore, type BuiltFixture } from '../../test/fixtures/crash-fixture.js';
import { fixtureAsRepo } from '../../test/fixtures/fixture-repo.js';
import type { Scenario } from './scenario-file.js';

export interface PreparedScenario {
  repoDir: string;
  dump: string;
  executable: string | null;
  /** The reusable work tree and build folder, shared by the scenarios of one repository: each fix is an incremental build. */
  workDir: string;
  culprit: { file: string; line: number } | null;
  /** The scenario's settings as `crash-autofix fix` flags. */
  flags: string[];
}

/** Prepares scenarios below one work folder; repositories and the fixture build are made once per bench run. */
export class ScenarioWorkshop {
  private fixture: Promise<{ built: BuiltFixture; repoDir: string; remove: () => Promise<void> }> | null = null;
  private readonly clones = new Map<string, Promise<string>>();
  private readonly git: NodeProcessRunner;

  constructor(
    private readonly root: string,
    env: Readonly<Record<string, string | undefined>>,
  ) {
    this.git = new NodeProcessRunner(env);
  }

  async prepare(scenario: Scenario): Promise<PreparedScenario> {
    const source = scenario.source;
    if (source.kind === 'fixture') {
      const fixture = await this.fixtureRepo();
      const dump = await produceCore(fixture.built.executable, source.mode, { workDir: await this.folder('dumps') });
      const site = expectedCrashSite(fixture.built.sourceDir, source.mode);
      const settings = { 'repro-command': `{build-dir}/worldserver ${source.mode}`, ...scenario.settings };
      return { repoDir: fixture.repoDir, dump, executable: fixture.built.executable, workDir: path.join(this.root, 'work', 'mini-server'), culprit: scenario.culprit ?? site, flags: toFlags(settings) };
    }
    const key = `${source.repository}\0${source.commit ?? 'HEAD'}`;
    let clone = this.clones.get(key);
    if (!clone) {
      clone = this.cloneAt(source.repository, source.commit, path.join(this.root, 'repos', String(this.clones.size + 1)));
      this.clones.set(key, clone);
    }
    const repoDir = await clone;
    return { repoDir, dump: source.dump, executable: source.executable, workDir: `${repoDir}-work`, culprit: scenario.culprit, flags: toFlags(scenario.settings) };
  }

  /** Removes what was made outside the work folder (the fixture's repository lives in the temp folder). */
  async cleanUp(): Promise<void> {
    if (this.fixture) await (await this.fixture.catch(() => null))?.remove();
  }

  /** The fixture repository's folder, once made. */
  async fixtureRepoDir(): Promise<string | null> {
    return this.fixture ? ((await this.fixture.catch(() => null))?.repoDir ?? null) : null;
  }

  private fixtureRepo(): Promise<{ built: BuiltFixture; repoDir: string; remove: () => Promise<void> }> {
    this.fixture ??= (async () => {
      const built = await buildFixture();
      const { repo } = await fixtureAsRepo(built);
      return { built, repoDir: repo.dir, remove: () => repo.remove() };
    })();
    return this.fixture;
  }

  private async folder(name: string): Promise<string> {
    const dir = path.join(this.root, name);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** A clone of the team's repository at the crashed commit: the bench never touches their checkout. */
  private async cloneAt(repository: string, commit: string | null, dest: string): Promise<string> {
    await mkdir(path.dirname(dest), { recursive: true });
    await rm(dest, { recursive: true, force: true });
    await this.mustGit(['clone', '--quiet', '--', repository, dest], `Cannot clone the scenario repository ${repository}`);
    if (commit !== null) {
      await this.mustGit(['-C', dest, 'checkout', '--quiet', '-B', 'crash-autofix-bench', commit], `Commit ${commit} is not in ${repository}; give the commit the crashed build was made from`);
    }
    return dest;
  }

  private async mustGit(args: string[], what: string): Promise<void> {
    const result = await this.git.run('git', args, { timeoutMs: 10 * 60_000 });
    if (result.exitCode !== 0) throw new CrashAutofixError('bad-input', `${what} (git: ${result.stderr.trim().split('\n').at(-1) ?? `exit ${String(result.exitCode)}`})`);
  }
}

/** `{ "build-target": "server", "configure-args": ["-DA=1"], "tests-block": true }` → `--build-target=server --configure-args=-DA=1 --tests-block` (`=`: a value may start with `-`). */
export function toFlags(settings: Record<string, string | number | boolean | string[]>): string[] {
  const flags: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (value === false) continue;
    if (value === true) flags.push(`--${key}`);
    else if (Array.isArray(value)) for (const item of value) flags.push(`--${key}=${item}`);
    else flags.push(`--${key}=${String(value)}`);
  }
  return flags;
}
