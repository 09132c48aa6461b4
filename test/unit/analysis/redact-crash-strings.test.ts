import { describe, expect, it } from 'vitest';
import { looksLikeSecretBlob, redactCrashStrings } from '../../../src/analysis/redact-crash-strings.js';

describe('redactCrashStrings', () => {
  it('masks values of secret-named keys and flags, keeping the names', () => {
    expect(redactCrashStrings('connect(user=bob, password=hunter2)')).toBe('connect(user=bob, password=***)');
    expect(redactCrashStrings('Password: "correct horse"')).toBe('Password: ***');
    expect(redactCrashStrings('{"api_key": "abc123", "mode": "fast"}')).toBe('{"api_key": ***, "mode": "fast"}');
    expect(redactCrashStrings('./server --auth-token=xyz --db-password s3cret --port 80')).toBe('./server --auth-token=*** --db-password *** --port 80');
    expect(redactCrashStrings('SESSION_ID=42abc; X_CLIENT_SECRET=zz; password_hash=abc')).toBe('SESSION_ID=***; X_CLIENT_SECRET=***; password_hash=***');
  });

  it('masks credentials in URLs and long opaque values after = or :', () => {
    expect(redactCrashStrings('postgres://admin:pa55word@db:5432/app')).toBe('postgres://admin:***@db:5432/app');
    expect(redactCrashStrings('sig=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b end')).toBe('sig=*** end');
    expect(redactCrashStrings('blob: QWxhZGRpbjpvcGVuIHNlc2FtZQ0KaGVsbG8gd29ybGQ=')).toBe('blob: ***');
  });

  it('masks bare opaque arguments only in command lines', () => {
    const blob = 'dGhpcyBpcyBhIHNlY3JldCB0b2tlbiB2YWx1ZTEyMw';
    expect(redactCrashStrings(`./tool ${blob} /usr/lib/x86_64-linux-gnu/libfoo.so`, { commandLine: true })).toBe('./tool *** /usr/lib/x86_64-linux-gnu/libfoo.so');
    expect(redactCrashStrings(`frame ${blob}`)).toBe(`frame ${blob}`);
  });

  it('leaves ordinary crash text alone', () => {
    const text = 'Handler::process(Request const*) at src/server/handler.cpp:5, rax=0x0000000000000008, _ZN7Handler7processEPK7Request';
    expect(redactCrashStrings(text)).toBe(text);
    expect(redactCrashStrings('author: Dev One, tokenizer: lexer.cpp')).toBe('author: Dev One, tokenizer: lexer.cpp');
    expect(redactCrashStrings('std::vector<int>::at: __n (which is 5) >= this->size()')).toBe('std::vector<int>::at: __n (which is 5) >= this->size()');
  });

  it('tells blobs from paths and words', () => {
    expect(looksLikeSecretBlob('a'.repeat(32))).toBe(true); // hex
    expect(looksLikeSecretBlob('src/server/very_long_handler_name.cpp')).toBe(false);
    expect(looksLikeSecretBlob('this_is_just_a_long_identifier_name')).toBe(false);
    expect(looksLikeSecretBlob('AbCdEf0123456789GhIjKlMnOpQr')).toBe(true);
  });
});
