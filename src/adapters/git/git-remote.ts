import { CrashAutofixError, RetryableError, oneLine } from '../../base/errors.js';
import { versionAtLeast } from '../exec/tool-version.js';
import type { GitVersion } from './git-version.js';

/** A failed push or remote look-up: one line for the user, plus whether trying again later may help. */
export class GitRemoteError extends RetryableError {
  override readonly name = 'GitRemoteError';
}

/** How a token reaches git: config entries in the environment (not visible in `ps`) or, before 2.31, `-c` arguments. */
export interface RemoteAuth {
  args: string[];
  env: Record<string, string>;
  /** Removes the token, its encoded header and URL credentials from text git printed. */
  redact(text: string): string;
}

/**
 * The token goes in an `Authorization` header like actions/checkout's, never in
 * the URL. The empty first entry resets headers inherited from repository config
 * (e.g. credentials a checkout step persisted), so only one Authorization is sent.
 */
export function remoteAuth(token: string | undefined, version: GitVersion): RemoteAuth {
  if (token === undefined || token === '') return { args: [], env: {}, redact: redactUrlCredentials };
  if (/[\s\0]/.test(token)) throw new CrashAutofixError('config', 'The GitHub token contains whitespace; pass the token itself (no "token " or "Bearer " prefix, no newline)');
  const basic = Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
  const header = `Authorization: basic ${basic}`;
  const secrets = [header, basic, token];
  const redact = (text: string): string => redactUrlCredentials(secrets.reduce((t, s) => t.split(s).join('***'), text));
  const entries = [['http.extraHeader', ''], ['http.extraHeader', header]] as const;
  if (versionAtLeast(version, [2, 31])) {
    const env: Record<string, string> = { GIT_CONFIG_COUNT: String(entries.length) };
    entries.forEach(([key, value], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = key;
      env[`GIT_CONFIG_VALUE_${i}`] = value;
    });
    return { args: [], env, redact };
  }
  return { args: entries.flatMap(([key, value]) => ['-c', `${key}=${value}`]), env: {}, redact };
}

function redactUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}

/** A remote name or URL that git cannot mistake for an option. */
export function assertRemote(remote: string): void {
  if (remote === '' || remote.startsWith('-') || /[\s\0]/.test(remote)) {
    throw new CrashAutofixError('config', `Git remote ${JSON.stringify(remote)} is not a remote name or URL; use e.g. 'origin'`);
  }
}

/**
 * Turns a failed `git push` / `git ls-remote` into one line. `stderr` must be
 * redacted already. Order matters: auth failures also say "unable to access".
 */
export function remoteFailure(action: 'push' | 'look up', remote: string, branch: string, stderr: string): GitRemoteError {
  const said = firstFatal(stderr);
  const target = `${action} ${branch} ${action === 'push' ? 'to' : 'on'} remote '${remoteLabel(remote)}'`;
  if (/\[rejected\].*\(stale info\)/.test(stderr)) {
    return new GitRemoteError('tool-failed', `Cannot ${target}: the remote branch changed while pushing (lease no longer holds); re-run the job`, true);
  }
  if (/\[rejected\].*\((non-fast-forward|fetch first|already exists)\)/.test(stderr) || /\[remote rejected\]/.test(stderr)) {
    const why = /\[remote rejected\][^(]*\(([^)]*)\)/.exec(stderr)?.[1];
    return new GitRemoteError(
      'tool-failed',
      why
        ? `Cannot ${target}: the remote refused it (${oneLine(why)}); check branch protection for crash-autofix/* and the token's permissions`
        : `Cannot ${target}: the remote branch has commits this push would drop (non-fast-forward); delete the remote branch or push with force-with-lease`,
      false,
    );
  }
  if (/Authentication failed|could not read (Username|Password)|returned error: (401|403)|Permission to .* denied|Invalid username or password|terminal prompts disabled|Permission denied \(publickey/i.test(stderr)) {
    return new GitRemoteError('config', `Cannot ${target}: authentication failed (${said}); check the token and that it may write repository contents`, false);
  }
  if (/does not appear to be a git repository|repository .* not found|returned error: 404|No such remote|not a git repository/i.test(stderr)) {
    return new GitRemoteError('config', `Cannot ${target}: the remote repository was not found (${said}); check the remote name or URL`, false);
  }
  if (/Could not resolve host|Failed to connect|Couldn't connect|Connection (refused|reset|timed out)|timed out|Network is unreachable|early EOF|RPC failed|returned error: 5\d\d|SSL|TLS|gnutls|unexpected disconnect/i.test(stderr)) {
    return new GitRemoteError('network', `Cannot ${target}: the remote could not be reached (${said}); check the network and re-run`, true);
  }
  return new GitRemoteError('tool-failed', `Cannot ${target}: ${said}`, false);
}

/** Remote for messages: a URL without credentials, query or fragment. */
function remoteLabel(remote: string): string {
  return redactUrlCredentials(remote).replace(/[?#].*$/, '');
}

function firstFatal(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const line = lines.find((l) => /^(fatal|error|remote):/.test(l)) ?? lines[0] ?? 'no message';
  return oneLine(line).slice(0, 300);
}
