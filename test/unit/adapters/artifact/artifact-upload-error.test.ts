import { describe, expect, it } from 'vitest';
import { ArtifactUploadError, isNameConflict, toArtifactUploadError } from '../../../../src/adapters/artifact/artifact-upload-error.js';
import { CrashAutofixError } from '../../../../src/base/errors.js';

// Errors shaped like the ones @actions/artifact 6 throws (messages copied from its lib/internal/shared).
function libraryError(message: string, props: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), props);
}

describe('toArtifactUploadError', () => {
  it('keeps errors that are already ours', () => {
    const ours = new CrashAutofixError('policy', 'no');
    expect(toArtifactUploadError(ours, 'a')).toBe(ours);
  });

  it('reads a runtime token without backend ids as a configuration problem', () => {
    const error = toArtifactUploadError(libraryError('Failed to get backend IDs: The provided JWT token is invalid and/or missing claims'), 'a');
    expect(error.kind).toBe('config');
    expect(error.message).toContain('must run inside a GitHub Actions job');
  });

  it('reads a used-up quota as policy, not worth retrying', () => {
    const error = toArtifactUploadError(Object.assign(libraryError('Artifact storage quota has been hit.\nMore info'), { name: 'UsageError' }), 'a') as ArtifactUploadError;
    expect([error.kind, error.retryable]).toEqual(['policy', false]);
  });

  it('reads a blob storage refusal by its status', () => {
    const busy = toArtifactUploadError(libraryError('Server busy', { statusCode: 503 }), 'a') as ArtifactUploadError;
    expect([busy.kind, busy.retryable, busy.message]).toEqual(['network', true, "Cannot upload artifact 'a': blob storage answered HTTP 503 (Server busy); re-run the job"]);
    const denied = toArtifactUploadError(libraryError('Signature did not match', { statusCode: 403 }), 'a') as ArtifactUploadError;
    expect(denied.retryable).toBe(false);
  });

  it('reads a stalled upload as a timeout', () => {
    expect(toArtifactUploadError(libraryError('Upload progress stalled.'), 'a').kind).toBe('timeout');
  });

  it('keeps anything else on one line', () => {
    const error = toArtifactUploadError(libraryError('something\nodd happened'), 'a');
    expect([error.kind, error.message]).toEqual(['tool-failed', "Cannot upload artifact 'a': something odd happened"]);
  });
});

describe('isNameConflict', () => {
  it('recognises the 409 CreateArtifact answer only', () => {
    expect(isNameConflict(libraryError('Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run'))).toBe(true);
    expect(isNameConflict(libraryError('Failed to FinalizeArtifact: Received non-retryable error: Failed request: (404) Not Found'))).toBe(false);
    expect(isNameConflict('409')).toBe(false);
  });
});
