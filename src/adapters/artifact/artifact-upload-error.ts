import { CrashAutofixError, RetryableError, describeError, type ErrorKind } from '../../base/errors.js';

/** A failed artifact upload: one line for the user, plus whether running the job again may help. */
export class ArtifactUploadError extends RetryableError {
  override readonly name = 'ArtifactUploadError';
}

/** The service's answer when the name is taken in this workflow run (HTTP 409 from CreateArtifact). */
export function isNameConflict(error: unknown): boolean {
  const text = error instanceof Error ? error.message : '';
  return /CreateArtifact/.test(text) && /\(409\)/.test(text);
}

/**
 * Turns what @actions/artifact throws into one clear line. The library throws
 * plain Errors, so the cases are told apart by their messages (see its
 * shared/config.js, shared/errors.js and shared/artifact-twirp-client.js).
 */
export function toArtifactUploadError(error: unknown, name: string): CrashAutofixError {
  if (error instanceof CrashAutofixError) return error;
  const text = describeError(error);
  const errorName = error instanceof Error ? error.name : '';
  const fail = (kind: ErrorKind, message: string, retryable: boolean) => new ArtifactUploadError(kind, message, retryable, { cause: error });

  const missingVariable = /Unable to get the (\w+) env variable/.exec(text);
  if (missingVariable) {
    return fail('config', `Cannot upload artifact '${name}': ${missingVariable[1]} is not set; this step must run inside a GitHub Actions job (outside Actions the records stay in the job folder)`, false);
  }
  if (/Failed to get backend IDs|Invalid token specified/.test(text)) {
    return fail('config', `Cannot upload artifact '${name}': ACTIONS_RUNTIME_TOKEN is not a GitHub Actions runtime token; this step must run inside a GitHub Actions job`, false);
  }
  if (errorName === 'GHESNotSupportedError') {
    return fail('config', `Cannot upload artifact '${name}': workflow artifacts are not supported on GitHub Enterprise Server by @actions/artifact; turn artifact upload off there`, false);
  }
  if (errorName === 'UsageError' || /storage quota has been hit/.test(text)) {
    return fail('policy', `Cannot upload artifact '${name}': the account's artifact storage quota is used up; delete old artifacts or raise the limit, then re-run`, false);
  }
  const unreachable = /Unable to make request: (\w+)/.exec(text);
  const code = unreachable?.[1] ?? networkCode(error);
  if (code) {
    return fail('network', `Cannot upload artifact '${name}': the GitHub artifact service could not be reached (${code}); check the runner's network access and re-run the job`, true);
  }
  const attempts = /Failed to (\w+): Failed to make request after (\d+) attempts: (.*)$/.exec(text);
  if (attempts) {
    return fail('network', `Cannot upload artifact '${name}': ${attempts[1]} failed ${attempts[2]} times (${attempts[3]}); the artifact service may be down, re-run the job later`, true);
  }
  const refused = /Failed to (\w+): Received non-retryable error: Failed request: \((\d+)\) (.*)$/.exec(text);
  if (refused && (refused[2] === '401' || refused[2] === '403')) {
    return fail('config', `Cannot upload artifact '${name}': the artifact service refused the Actions runtime token (${refused[3]}); this step must run inside the GitHub Actions job that owns the token`, false);
  }
  if (refused) {
    return fail('tool-failed', `Cannot upload artifact '${name}': ${refused[1]} was refused (${refused[3]})`, false);
  }
  if (/Upload progress stalled/.test(text)) {
    return fail('timeout', `Cannot upload artifact '${name}': the upload to blob storage stalled; re-run the job`, true);
  }
  const status = statusCode(error);
  if (status !== null) {
    // A RestError from the blob storage client: the signed URL refused the upload.
    return fail('network', `Cannot upload artifact '${name}': blob storage answered HTTP ${status} (${text}); re-run the job`, status >= 500 || status === 408 || status === 429);
  }
  return fail('tool-failed', `Cannot upload artifact '${name}': ${text}`, false);
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'EAI_AGAIN', 'EPIPE']);

function networkCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NETWORK_CODES.has(code) ? code : null;
}

function statusCode(error: unknown): number | null {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : null;
}
