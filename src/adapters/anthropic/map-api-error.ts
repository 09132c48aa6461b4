import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AnthropicError,
  AuthenticationError,
  NotFoundError,
} from '@anthropic-ai/sdk';
import { describeError } from '../../base/errors.js';
import { ModelApiError } from './model-api-error.js';

export const API_KEY_HINT = 'check ANTHROPIC_API_KEY / anthropic-api-key';

/**
 * Turns whatever the SDK threw (after its own retries) into one line that
 * never contains the key, even if a gateway echoes it back.
 */
export function mapApiError(error: unknown, context: { model: string; apiKey: string; maxRetries: number }): ModelApiError {
  const scrub = (text: string): string => (context.apiKey ? text.split(context.apiKey).join('***') : text);
  const make = (kind: ConstructorParameters<typeof ModelApiError>[0], message: string, retryable: boolean, status: number | null) =>
    new ModelApiError(kind, scrub(message), retryable, status);

  if (error instanceof APIConnectionTimeoutError) {
    return make('network', `The Anthropic API request timed out (after ${context.maxRetries} retries); try again later or raise request-timeout`, true, null);
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause === undefined ? '' : `: ${describeError(error.cause)}`;
    return make('network', `Could not reach the Anthropic API${cause}; check the network and ANTHROPIC_BASE_URL`, true, null);
  }
  if (error instanceof APIError) {
    const status = typeof error.status === 'number' ? error.status : null;
    const apiMessage = error.apiMessage ?? describeError(error);
    if (error instanceof AuthenticationError) {
      return make('config', `The Anthropic API rejected the key (401); ${API_KEY_HINT}`, false, status);
    }
    if (error instanceof NotFoundError) {
      return make('config', `The Anthropic API returned 404 for model '${context.model}' (${apiMessage}); check the 'model' setting`, false, status);
    }
    if (status !== null && (status === 408 || status === 409 || status === 429 || status >= 500)) {
      const what = status === 529 ? 'is overloaded' : status === 429 ? 'is rate limiting requests' : `failed with status ${status}`;
      return make('network', `The Anthropic API ${what} after ${context.maxRetries} retries (${apiMessage}); try again later`, true, status);
    }
    return make('tool-failed', `The Anthropic API refused the request (${status ?? 'no status'}): ${apiMessage}`, false, status);
  }
  if (error instanceof AnthropicError) {
    return make('tool-failed', `The Anthropic SDK failed: ${describeError(error)}`, false, null);
  }
  return make('internal', `Model request failed: ${describeError(error)}`, false, null);
}
