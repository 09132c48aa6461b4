import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Model } from '@anthropic-ai/sdk/resources/messages/messages';
import { DEFAULT_MODEL } from '../../../src/analysis/model-usage.js';
import { buildSettings } from '../../../src/settings/build-settings.js';
import { captureEnvironment } from '../../../src/settings/environment.js';

const SDK_DIR = path.resolve('node_modules/@anthropic-ai/sdk');

/** The named members of the SDK's Model union, without its `string & {}` escape hatch. */
type KnownModel = Model extends infer M ? (M extends string ? (string extends M ? never : M) : never) : never;

describe('DEFAULT_MODEL', () => {
  it('is a current Claude Sonnet listed in the SDK Model union', () => {
    expectTypeOf<typeof DEFAULT_MODEL>().toExtend<KnownModel>();
    expectTypeOf<'not-a-model'>().not.toExtend<KnownModel>();
    const declaration = readFileSync(path.join(SDK_DIR, 'resources/messages/messages.d.ts'), 'utf8');
    const union = /export type Model = ([^;]+);/.exec(declaration)?.[1] ?? '';
    expect(union).toContain(`'${DEFAULT_MODEL}'`);
    expect(DEFAULT_MODEL).toMatch(/^claude-sonnet-/);
  });

  it('is not in the SDK deprecated-models list', () => {
    const require = createRequire(import.meta.url);
    const { DEPRECATED_MODELS } = require(path.join(SDK_DIR, 'internal/data/deprecated-models.js')) as { DEPRECATED_MODELS: Record<string, string> };
    expect(Object.keys(DEPRECATED_MODELS).length).toBeGreaterThan(0);
    expect(DEPRECATED_MODELS).not.toHaveProperty(DEFAULT_MODEL);
  });

  it('is the default the settings use', async () => {
    const settings = await buildSettings({ origin: 'cli', values: { dump: 'core' }, environment: captureEnvironment({}, '/tmp'), readTextFile: async () => null });
    expect(settings.model).toBe(DEFAULT_MODEL);
  });
});
