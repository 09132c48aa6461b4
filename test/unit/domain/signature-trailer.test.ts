import { describe, expect, it } from 'vitest';
import { hasSignatureTrailer, mergedFixQuery, signatureTrailer, stripSignatureTrailers } from '../../../src/domain/signature-trailer.js';

describe('signature trailer', () => {
  const sig = 'null-pointer-0123456789ab';

  it('is a line of its own that must match exactly', () => {
    expect(signatureTrailer(sig)).toBe('Crash-Signature: null-pointer-0123456789ab');
    expect(hasSignatureTrailer(`Fix.\r\n\r\nCrash-Signature: ${sig}\r\n`, sig)).toBe(true);
    expect(hasSignatureTrailer(`Fix.\n\nCrash-Signature: ${sig}ff`, sig)).toBe(false);
    expect(hasSignatureTrailer(`See Crash-Signature: ${sig} in the text`, sig)).toBe(false);
    expect(hasSignatureTrailer(null, sig)).toBe(false);
  });

  it('is stripped wherever it appears, with trailing space', () => {
    expect(stripSignatureTrailers(`Text\nCrash-Signature: old-000000000000\nmore\n\n  Crash-Signature: ${sig}\n\n`)).toBe('Text\nmore');
  });

  it('is searched for as a phrase in merged pull requests of the repository', () => {
    expect(mergedFixQuery('acme/engine', sig)).toBe(`repo:acme/engine is:pr is:merged in:body "Crash-Signature: ${sig}"`);
  });
});
