import { CrashAutofixError } from '../base/errors.js';
import { TOOL_NAMES, childEnvironment, isSecretName } from '../adapters/exec/child-environment.js';
import type { Environment } from './environment.js';

/**
 * The allow-list plus `pass-env`, without the key and token whatever variable
 * holds them: `build` for whatever builds or runs repository code, `tools` for
 * git, gdb and cdb, which also need SSH, proxy and symbol-server variables.
 */
export function childEnvironments(env: Environment, passEnv: readonly string[], secrets: readonly string[], label: (key: string) => string): { build: Record<string, string>; tools: Record<string, string> } {
  const secret = passEnv.find((name) => isSecretName(name));
  if (secret !== undefined) {
    throw new CrashAutofixError('config', `${label('pass-env')} must not name credentials, got ${JSON.stringify(secret)}; build and test processes never see API keys, tokens, INPUT_* or ACTIONS_* variables`);
  }
  const bad = passEnv.find((name) => !/^[A-Za-z_][A-Za-z0-9_()]*$/.test(name));
  if (bad !== undefined) throw new CrashAutofixError('config', `${label('pass-env')} must be a list of environment variable names, got ${JSON.stringify(bad)}`);
  return {
    build: childEnvironment(env.variables, { passEnv, platform: env.platform, secrets }),
    tools: childEnvironment(env.variables, { passEnv: [...passEnv, ...TOOL_NAMES], platform: env.platform, secrets }),
  };
}
