import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionLayouts, renderActionYml, renderReadmeTables } from '../../scripts/docs-render.js';
import { outputsOf } from '../../src/composition/output-definitions.js';
import { ACTION_COMMANDS } from '../../src/settings/commands.js';
import { keysOf } from '../../src/settings/definitions.js';
import { VERSION } from '../../src/base/version.js';

interface ActionYml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}

describe('documentation and metadata stay in sync with the code', () => {
  it('action.yml is generated from the settings definitions', () => {
    expect(readFileSync('action.yml', 'utf8')).toBe(renderActionYml());
    const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml;
    expect(Object.keys(action.inputs).sort()).toEqual(keysOf('fix', 'action').sort());
    expect(Object.keys(action.outputs).sort()).toEqual(outputsOf('fix').sort());
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/action/index.js' });
    // The runner does not put the token into a step's environment: without this default no pull request is opened.
    expect(action.inputs['github-token']?.default).toBe('${{ github.token }}');
    expect(Object.entries(action.inputs).filter(([, input]) => input.default !== undefined).map(([name]) => name)).toEqual(['github-token']);
    // Workflows written before the analyze action keep working.
    expect(Object.keys(action.inputs)).toContain('stop-after');
  });

  it.each(actionLayouts())('$file is generated for $command, with only its inputs and outputs, running its own bundle', (layout) => {
    expect(readFileSync(layout.file, 'utf8')).toBe(renderActionYml(layout.command));
    const action = parse(readFileSync(layout.file, 'utf8')) as ActionYml;
    expect(Object.keys(action.inputs)).toEqual(keysOf(layout.command, 'action'));
    expect(Object.keys(action.outputs)).toEqual(outputsOf(layout.command));
    expect(action.runs.using).toBe('node24');
    expect(path.join(path.dirname(layout.file), action.runs.main)).toBe(path.join(layout.outDir, 'index.js'));
    // package.json builds that bundle from the command's entry, and the entry runs the action with that command.
    const bundle = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { bundle: string } }).scripts.bundle;
    expect(bundle).toContain(`ncc build ${layout.entry} -o ${layout.outDir}`);
    expect(readFileSync(layout.entry, 'utf8')).toContain(`await run('${layout.command}');`);
  });

  it('the analyze action takes none of the fix inputs', () => {
    const analyze = parse(readFileSync('analyze/action.yml', 'utf8')) as ActionYml;
    for (const input of ['anthropic-api-key', 'github-token', 'build-target', 'report', 'stop-after', 'work-dir']) expect(Object.keys(analyze.inputs)).not.toContain(input);
    expect(Object.keys(analyze.outputs)).not.toContain('pr-url');
    expect(analyze.runs.main).toBe('../dist/analyze/index.js');
  });

  it('every action.yml in the repository is one the table generates', () => {
    const found = ['action.yml', ...readdirSync('.', { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(path.join(d.name, 'action.yml'))).map((d) => `${d.name}/action.yml`)];
    expect(found.sort()).toEqual(actionLayouts().map((a) => a.file).sort());
    expect(actionLayouts().map((a) => a.command).sort()).toEqual([...ACTION_COMMANDS].sort());
  });

  it('the README carries the generated settings, actions and outputs tables', () => {
    expect(readFileSync('README.md', 'utf8')).toContain(renderReadmeTables());
  });

  it('the CLI version is the package version', () => {
    expect(VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});

describe('the published JSON Schema', () => {
  it('matches the zod CrashReport schema', async () => {
    const { crashReportJsonSchema } = await import('../../scripts/schema-render.js');
    expect(readFileSync('schema/crash-report.schema.json', 'utf8')).toBe(crashReportJsonSchema());
  });
});
