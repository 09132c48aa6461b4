import { describe, expect, it } from 'vitest';
import { parseDispatchEvent } from '../../../src/intake/dispatch-payload.js';

const event = (client_payload: unknown, action = 'crash-dump') => ({ action, client_payload, repository: { full_name: 'o/r' } });
const parse = (e: unknown, allowInsecureHttp = false) => parseDispatchEvent(e, { allowInsecureHttp });
const SHA = 'ab'.repeat(32);

describe('parseDispatchEvent', () => {
  it('reads the dump address and the optional facts', () => {
    const got = parse(event({ dump_url: 'https://dumps.example.com/ws/crash-1.dmp', sha256: SHA, build_id: 'a1b2c3', server: 'realm-eu-1', reported_at: '2026-12-04T08:00:00Z' }));
    expect(got).toEqual({ location: { kind: 'http', url: new URL('https://dumps.example.com/ws/crash-1.dmp') }, sha256: SHA, build_id: 'a1b2c3', server: 'realm-eu-1', reported_at: '2026-12-04T08:00:00Z' });
    expect(parse(event({ dump_url: '\\\\files\\dumps\\a.dmp' })).location).toEqual({ kind: 'file', path: '\\\\files\\dumps\\a.dmp' });
  });

  it.each([
    { what: 'another event', e: { ref: 'refs/heads/main' }, line: "The workflow's event is not a repository_dispatch (no 'action' and 'client_payload'); give 'dump' or 'dump-url', or trigger the workflow with a crash-dump dispatch" },
    { what: 'another event type', e: event({}, 'deploy'), line: "The repository_dispatch event is of type 'deploy', not 'crash-dump'; send event_type 'crash-dump', or filter the workflow with 'types: [crash-dump]'" },
    { what: 'a payload that is a list', e: event([1]), line: `The crash-dump event's client_payload is not an object; send {"dump_url": "https://…"}` },
    { what: 'eleven keys', e: event(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 1]))), line: "The crash-dump event's client_payload has 11 keys; GitHub allows 10" },
    { what: 'a payload of 64 KB', e: event({ dump_url: 'https://h/a.dmp', server: 'x'.repeat(65_536) }), line: /^The crash-dump event's client_payload is 655\d\d bytes; GitHub allows under 65536$/ },
    { what: 'no address', e: event({ server: 'a' }), line: /^The crash-dump event's 'dump_url' / },
    { what: 'a bad sha256', e: event({ dump_url: 'https://h/a.dmp', sha256: 'xyz' }), line: "The crash-dump event's 'sha256' must be 64 hex digits" },
    { what: 'an unknown key', e: event({ dump_url: 'https://h/a.dmp', token: 'x' }), line: "The crash-dump event's client_payload has unknown keys (token); known: dump_url, sha256, build_id, server, reported_at" },
    { what: 'a bad time', e: event({ dump_url: 'https://h/a.dmp', reported_at: 'yesterday' }), line: "The crash-dump event's 'reported_at' must be an ISO 8601 time" },
    { what: 'plain http to another host', e: event({ dump_url: 'http://dumps.example.com/a.dmp' }), line: /^'client_payload\.dump_url' uses plain http:\/\/ to dumps\.example\.com/ },
  ])('$what: one line', ({ e, line }) => {
    expect(() => parse(e)).toThrow(line);
  });

  it('takes plain http elsewhere only when dump-url-insecure allows it', () => {
    expect(parse(event({ dump_url: 'http://dumps.example.com/a.dmp' }), true).location.kind).toBe('http');
  });
});
