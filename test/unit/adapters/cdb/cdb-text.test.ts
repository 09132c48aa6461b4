import { describe, expect, it } from 'vitest';
import {
  isPromptLine,
  markerSection,
  normaliseCode,
  normaliseHex,
  normaliseLines,
  sectionMarker,
} from '../../../../src/adapters/cdb/cdb-text.js';

describe('normaliseLines', () => {
  it('splits CRLF/CR, drops trailing blanks and the indentation common to all lines', () => {
    expect(normaliseLines('    STACK_TEXT:  \r\n\r\n      00 a\t \r    WARNING: x\n')).toEqual(['STACK_TEXT:', '', '  00 a', 'WARNING: x', '']);
  });

  it('keeps text that is not indented as a whole', () => {
    expect(normaliseLines('a\n    b')).toEqual(['a', '    b']);
  });
});

describe('normaliseHex / normaliseCode', () => {
  it('turns cdb numbers into lower-case 0x hex', () => {
    expect(normaliseHex('00007ff6`6D771101')).toBe('0x7ff66d771101');
    expect(normaliseHex('0x00000000`00000000')).toBe('0x0');
    expect(normaliseHex('Paged')).toBeNull();
    expect(normaliseCode('0xC0000005')).toBe('c0000005');
    expect(normaliseCode('94')).toBe('00000094');
    expect(normaliseCode('ffffffff80131509')).toBeNull();
  });
});

describe('prompts and markers', () => {
  it('recognises user and kernel prompts but not source or register lines', () => {
    expect(isPromptLine('0:000> !analyze -v')).toBe(true);
    expect(isPromptLine('0:000:x86> k')).toBe(true);
    expect(isPromptLine('0: kd> !analyze -v')).toBe(true);
    expect(isPromptLine('>   29:     VirtualFree(lpAddress, 0, MEM_RELEASE);')).toBe(false);
    expect(isPromptLine('  5149: rpermute0(n, r, p, ary0);')).toBe(false);
  });

  it('round-trips section markers and ignores the echoed command line', () => {
    expect(markerSection(sectionMarker('stack'))).toBe('stack');
    expect(markerSection(`  ${sectionMarker('end')}  `)).toBe('end');
    expect(markerSection(`0:000> .echo ${sectionMarker('end')}; q`)).toBeNull();
  });
});
