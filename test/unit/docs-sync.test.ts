import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderActionYml, renderReadmeTables } from '../../scripts/docs-render.js';
import { OUTPUT_DEFINITIONS } from '../../src/composition/output-definitions.js';
import { keysFor } from '../../src/settings/definitions.js';
import { VERSION } from '../../src/base/version.js';

describe('documentation and metadata stay in sync with the code', () => {
  it('action.yml is generated from the settings definitions', () => {
    expect(readFileSync('action.yml', 'utf8')).toBe(renderActionYml());
    const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default?: string }>; outputs: object; runs: { using: string; main: string } };
    expect(Object.keys(action.inputs).sort()).toEqual(keysFor('action').sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.keys(OUTPUT_DEFINITIONS).sort());
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/action/index.js' });
    // The runner does not put the token into a step's environment: without this default no pull request is opened.
    expect(action.inputs['github-token']?.default).toBe('${{ github.token }}');
    expect(Object.entries(action.inputs).filter(([, input]) => input.default !== undefined).map(([name]) => name)).toEqual(['github-token']);
  });

  it('the README carries the generated settings and outputs tables', () => {
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
