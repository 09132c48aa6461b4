import { describe, expect, it } from 'vitest';
import { checkPathSyntax, comparisonForm } from '../../../../src/fix/policy/path-syntax.js';

function refusal(raw: string): string {
  const r = checkPathSyntax(raw);
  if (r.ok) throw new Error(`${raw} was accepted`);
  return r.reason;
}

describe('checkPathSyntax', () => {
  it('accepts a plain repository-relative path and splits it', () => {
    expect(checkPathSyntax('src/net/socket.cpp')).toEqual({ ok: true, path: 'src/net/socket.cpp', segments: ['src', 'net', 'socket.cpp'] });
    expect(checkPathSyntax('src/données/é.cpp').ok).toBe(true);
  });

  it.each([
    ['parent escape', '../../etc/passwd', /'\.\.' segment/],
    ['parent inside the path', 'src/../../x', /'\.\.' segment/],
    ['POSIX absolute', '/etc/passwd', /absolute/],
    ['double-slash absolute', '//server/share/x', /absolute/],
    ['Windows drive with backslash', 'C:\\Windows\\x', /backslash/],
    ['Windows drive, forward slashes', 'C:/Windows/x', /drive path/],
    ['Windows drive-relative', 'C:x.cpp', /drive path/],
    ['UNC path', '\\\\srv\\share\\x', /backslash/],
    ['backslash separator', 'src\\main.cpp', /backslash/],
    ['empty segment', 'src//main.cpp', /empty folder name/],
    ['leading ./', './src/main.cpp', /'\.' segment/],
    ['trailing slash', 'src/', /empty folder name/],
    ['NUL', 'src/a\0.cpp', /control/],
    ['newline', 'src/a\n.cpp', /control/],
    ['zero-width space', 'src/\u200bx.cpp', /zero-width/],
    ['bidi override', 'src/\u202ex.cpp', /bidirectional/],
    ['full-width letters', 'ｓｒｃ/x.cpp', /NFKC/],
    ['decomposed accent (not NFC)', 'src/e\u0301.cpp', /NFKC/],
    ['trailing dot (Windows alias)', '.github./x', /ends with a dot/],
    ['trailing space', 'src /x.cpp', /ends with a dot or space/],
    ['reserved device name', 'CON.cpp', /reserved device name/],
    ['reserved device name, any case', 'src/nul', /reserved device name/],
    ['reserved COM port', 'src/com1.h', /reserved device name/],
    ['NTFS stream', 'src/a.cpp::$DATA', /not portable/],
    ['8.3 short name', 'GIT~1/config', /short name/],
    ['.git segment', '.git/config', /\.git/],
    ['nested .git, other case', 'vendor/lib/.GIT/hooks/pre-commit', /\.git/],
    ['empty', '', /empty/],
    ['too long', `${'a/'.repeat(250)}x`, /longer than/],
  ])('refuses %s: %j', (_what, raw, reason) => {
    expect(refusal(raw)).toMatch(reason);
  });

  it('quotes the offending path in the reason, so the model sees what it sent', () => {
    expect(refusal('../x')).toContain('"../x"');
  });

  it('folds case and compatibility characters for comparisons', () => {
    expect(comparisonForm('.GitHub/Workflows/CI.yml')).toBe('.github/workflows/ci.yml');
  });
});
