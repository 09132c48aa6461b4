/**
 * Errors that reach the user. Every one carries a single-line message that says
 * what is wrong and what to do, so the entry points can print it as is.
 */
export type ErrorKind =
  | 'bad-input' // the dump, report or file given is not usable
  | 'config' // a setting is invalid
  | 'tool-missing' // an external tool is not installed or too old
  | 'tool-failed' // an external tool ran and failed
  | 'timeout'
  | 'network'
  | 'policy' // something was refused by policy
  | 'model' // the model did not produce a usable answer
  | 'internal';

export class CrashAutofixError extends Error {
  override readonly name: string = 'CrashAutofixError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(oneLine(message), options);
  }
}

/** Thrown by a stage; the runner records it and moves the job to FAILED. */
export class StageError extends CrashAutofixError {
  override readonly name = 'StageError';
  constructor(
    readonly stage: string,
    kind: ErrorKind,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(kind, message, options);
  }
}

/** An adapter's failure that knows whether running the job again may help (network, rate limits, stale leases). */
export class RetryableError extends CrashAutofixError {
  override readonly name: string = 'RetryableError';
  constructor(
    kind: ErrorKind,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(kind, message, options);
  }
}

/**
 * One line for a terminal: line breaks and the blanks around them become one
 * space, and control characters (NUL, ESC, …), which text from a damaged file
 * may carry, are shown as `\x1b` instead of acting on the terminal. Linear in
 * the length of the message, whatever it holds.
 */
export function oneLine(message: string): string {
  return message
    .split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ')
    .replace(/\t/g, ' ')
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Turns anything thrown into one line of text, including values that are not Errors. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return oneLine(error.message || error.name);
  if (typeof error === 'string') return oneLine(error);
  try {
    return oneLine(`Unexpected error: ${JSON.stringify(error)}`);
  } catch {
    return 'Unexpected error of unknown type';
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new CrashAutofixError('internal', `Unhandled ${what}: ${JSON.stringify(value)}`);
}

/** Bad input from the model to one of its tools; the message is sent back to it as a tool error. */
export class ToolInputError extends CrashAutofixError {
  override readonly name = 'ToolInputError';
  constructor(message: string) {
    super('policy', message);
  }
}

/**
 * An error from an adapter, as the stage's error. Adapters that know whether
 * a retry can help say so (`retryable`); otherwise timeouts and network
 * failures are retryable and everything else is not.
 */
export function asStageError(stage: string, error: unknown): unknown {
  if (error instanceof StageError || !(error instanceof CrashAutofixError)) return error;
  const retryable = error instanceof RetryableError ? error.retryable : error.kind === 'timeout' || error.kind === 'network';
  return new StageError(stage, error.kind, error.message, retryable, { cause: error });
}
