import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../src/base/redact.js';

describe('Redactor', () => {
  it('masks registered secrets and token-shaped strings', () => {
    const r = new Redactor();
    r.add('hunter2-very-secret');
    r.add('abc'); // too short to mask safely
    const text = 'key sk-ant-api03-AbCdEf0123456789xyz, token ghp_0123456789abcdefghijABCDEFGHIJ, pw hunter2-very-secret, abc';
    expect(r.redact(text)).toBe('key ***, token ***, pw ***, abc');
  });

  it('masks bearer headers and private keys', () => {
    const r = new Redactor();
    expect(r.redact('Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345')).toBe('Authorization: ***');
    expect(r.redact('-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----')).toBe('***');
  });
});
