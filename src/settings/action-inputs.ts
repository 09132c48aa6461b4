import * as core from '@actions/core';
import { keysFor, type SettingKey } from './definitions.js';
import type { RawValue } from './field-types.js';

/** Reads every action input once; empty inputs count as not given. */
export function readActionInputs(): Partial<Record<SettingKey, RawValue>> {
  const values: Partial<Record<SettingKey, RawValue>> = {};
  for (const key of keysFor('action')) {
    const value = core.getInput(key);
    if (value !== '') values[key] = value;
  }
  return values;
}
