import { RetryableError, type ErrorKind } from '../../base/errors.js';

/** A failed model request: one line for the user, plus whether trying again later may help. */
export class ModelApiError extends RetryableError {
  override readonly name = 'ModelApiError';
  constructor(
    kind: ErrorKind,
    message: string,
    retryable: boolean,
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(kind, message, retryable, options);
  }
}
