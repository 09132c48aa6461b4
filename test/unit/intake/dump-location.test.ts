import { describe, expect, it } from 'vitest';
import { displayUrl, isLoopbackHost, parseDumpLocation } from '../../../src/intake/dump-location.js';

const parse = (value: string, allowInsecureHttp = false) => parseDumpLocation(value, { allowInsecureHttp });

describe('parseDumpLocation', () => {
  it('takes https, loopback http, file:// and paths', () => {
    expect(parse('https://dumps.example.com/a/crash.dmp?sig=abc')).toMatchObject({ kind: 'http' });
    expect(parse('http://127.0.0.1:8080/crash.dmp')).toMatchObject({ kind: 'http' });
    expect(parse('http://localhost/crash.dmp')).toMatchObject({ kind: 'http' });
    expect(parse('file:///var/crash/core.1')).toEqual({ kind: 'file', path: '/var/crash/core.1' });
    expect(parse('/var/crash/core.1')).toEqual({ kind: 'file', path: '/var/crash/core.1' });
    expect(parse('\\\\fileserver\\dumps\\worldserver.dmp')).toEqual({ kind: 'file', path: '\\\\fileserver\\dumps\\worldserver.dmp' });
    expect(parse('D:\\dumps\\worldserver.dmp')).toEqual({ kind: 'file', path: 'D:\\dumps\\worldserver.dmp' });
  });

  it('refuses plain http elsewhere unless dump-url-insecure says so', () => {
    expect(() => parse('http://dumps.example.com/crash.dmp')).toThrow(
      "'dump-url' uses plain http:// to dumps.example.com, which anyone on the path can read or change; use https://, or set 'dump-url-insecure: true' if you accept that",
    );
    expect(parse('http://dumps.example.com/crash.dmp', true)).toMatchObject({ kind: 'http' });
  });

  it('names what it got for other schemes and for text that is no address, without the query', () => {
    expect(() => parse('ftp://host/crash.dmp')).toThrow("'dump-url' must be an https:// or file:// address or a path, got a ftp:// address");
    expect(() => parse('crash.dmp?token=secret')).toThrow(`'dump-url' must be an https:// or file:// address or an absolute path, got "crash.dmp?…"`);
    expect(() => parse('  ')).toThrow("'dump-url' is empty");
  });
});

describe('displayUrl', () => {
  it('drops credentials and elides the query, which often holds a signed token', () => {
    expect(displayUrl(new URL('https://user:pw@blob.example.com/c/crash.dmp?sv=2024&sig=SECRET'))).toBe('https://blob.example.com/c/crash.dmp?…');
    expect(displayUrl(new URL('https://h/x.dmp'))).toBe('https://h/x.dmp');
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['[::1]', true],
    ['128.0.0.1', false],
    ['127.0.0.1.evil.com', false],
    ['localhost.evil.com', false],
  ])('%s → %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
