import { describe, expect, it } from 'vitest';
import { parseGdbVersion } from '../../../../src/adapters/gdb/gdb-version.js';

describe('parseGdbVersion', () => {
  it.each([
    ['GNU gdb (Debian 13.1-3) 13.1\nCopyright (C) 2023', 13, 1, '13.1'],
    ['GNU gdb (Ubuntu 12.1-0ubuntu1~22.04.2) 12.1', 12, 1, '12.1'],
    ['GNU gdb (GDB) Red Hat Enterprise Linux 8.2-19.el8', 8, 2, '8.2'],
    ['GNU gdb (GDB) 14.2', 14, 2, '14.2'],
    ['GNU gdb (GDB) 7.6.1-120.el7', 7, 6, '7.6.1'],
    ['\nGNU gdb (GDB; SUSE Linux Enterprise 15) 13.2', 13, 2, '13.2'],
  ])('reads %j', (text, major, minor, shown) => {
    expect(parseGdbVersion(text)).toMatchObject({ major, minor, text: shown });
  });

  it('refuses output that is not gdb', () => {
    expect(parseGdbVersion('lldb version 17.0.6')).toBeNull();
    expect(parseGdbVersion('')).toBeNull();
    expect(parseGdbVersion('GNU gdb without a number')).toBeNull();
  });
});
