import { describe, expect, it } from 'vitest';
import { CrashAutofixError } from '../../../src/base/errors.js';
import { TransientDownloadError, asTransient, nextLocation } from '../../../src/intake/http-get.js';

describe('nextLocation', () => {
  const from = new URL('https://dumps.example.com/a/crash.dmp?sig=x');
  it('resolves relative locations and keeps https', () => {
    expect(nextLocation(from, '../b/crash.dmp', false).href).toBe('https://dumps.example.com/b/crash.dmp');
    expect(nextLocation(from, 'https://cdn.example.net/c.dmp', false).host).toBe('cdn.example.net');
  });
  it('refuses a downgrade to http even when insecure http is allowed', () => {
    expect(() => nextLocation(from, 'http://dumps.example.com/a/crash.dmp', true)).toThrow(/redirects from https:\/\/ to plain http:\/\/ \(http:\/\/dumps\.example\.com\/a\/crash\.dmp\); refused/);
  });
  it('refuses http elsewhere than loopback without the setting, and other schemes', () => {
    const plain = new URL('http://127.0.0.1:9/x');
    expect(() => nextLocation(plain, 'http://example.com/x', false)).toThrow("redirects to plain http:// on example.com; refused without 'dump-url-insecure: true'");
    expect(nextLocation(plain, 'http://example.com/x', true).host).toBe('example.com');
    expect(() => nextLocation(plain, 'file:///etc/passwd', true)).toThrow('redirects to a file:// address; only http(s) redirects are followed');
  });
});

describe('asTransient', () => {
  it('retries socket errors but not certificate or name errors', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(asTransient(reset)).toBeInstanceOf(TransientDownloadError);
    const cert = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(asTransient(cert)).toBeInstanceOf(CrashAutofixError);
    expect(asTransient(cert).message).toMatch(/add its CA with NODE_EXTRA_CA_CERTS$/);
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND nope.invalid'), { code: 'ENOTFOUND' });
    expect(asTransient(dns).message).toMatch(/the host name does not resolve; check the address$/);
  });
});
