import { describe, expect, it } from 'vitest';
import { describeCallSite, parseFrameBlock, parseFrameLine, stripParameterList } from '../../../../src/adapters/cdb/stack-frames.js';

describe('parseFrameLine', () => {
  it('reads an x64 STACK_TEXT line with the Args-to-Child column', () => {
    const frame = parseFrameLine(
      '0000003c`da8ffdb0 00007ff6`b89815e0     : 00000000`00000000 00007ff6`b8981659 00000000`00000000 00000000`00000000 : AccessV!main+0xb2',
    );
    expect(frame).toMatchObject({
      callSite: 'AccessV!main+0xb2',
      module: 'AccessV',
      function: 'main',
      offset: '0xb2',
      childSp: '0x3cda8ffdb0',
      returnAddress: '0x7ff6b89815e0',
      inline: false,
      numbered: false,
    });
  });

  it('skips the three x86 kb arguments before the call site', () => {
    expect(parseFrameLine('0041ef3c 67499c00 00000006 00000099 0041ef50 msvcr120_ruby230!st_lookup+0xd')).toMatchObject({
      callSite: 'msvcr120_ruby230!st_lookup+0xd',
      childSp: '0x41ef3c',
      returnAddress: '0x67499c00',
    });
  });

  it('accepts x64 addresses whose backtick was lost in pasting', () => {
    expect(parseFrameLine('0000009909b0fe70 00007ff66d7715c0 : 0000000000000000 : app!main+0x101')).toMatchObject({
      callSite: 'app!main+0x101',
      childSp: '0x9909b0fe70',
      returnAddress: '0x7ff66d7715c0',
    });
  });

  it('reads the frame number and the kf Memory column', () => {
    expect(parseFrameLine('162a       270 0000002e`26ff29d0 00007ffa`934967b1     dwarf64+0x21bc5')).toMatchObject({
      index: 0x162a,
      numbered: true,
      callSite: 'dwarf64+0x21bc5',
      module: 'dwarf64',
      function: null,
      offset: '0x21bc5',
      childSp: '0x2e26ff29d0',
    });
  });

  it('marks (Inline Function) frames and leaves their addresses empty', () => {
    expect(parseFrameLine('00 (Inline Function) --------`--------     AccessV!store+0x5 [C:\\src\\a.h @ 12]')).toMatchObject({
      index: 0,
      inline: true,
      childSp: null,
      returnAddress: null,
      callSite: 'AccessV!store+0x5',
      file: 'C:\\src\\a.h',
      line: 12,
    });
    expect(parseFrameLine('03 (Inline) -------- app!f+0x1')).toMatchObject({ inline: true, callSite: 'app!f+0x1' });
  });

  it('keeps a bare address call site as the frame address', () => {
    expect(parseFrameLine('00000000`00c8fd20 00000000`0000002c     : 1 2 3 4 : 0x00000000`00c9de27')).toMatchObject({
      callSite: '0x00000000`00c9de27',
      address: '0xc9de27',
      module: null,
      function: null,
    });
  });

  it('needs two address columns unless the listing is call-site only', () => {
    expect(parseFrameLine('00 ntdll!NtWaitForAlertByThreadId')).toBeNull();
    expect(parseFrameLine('00 ntdll!NtWaitForAlertByThreadId', { callSiteOnly: true })).toMatchObject({
      callSite: 'ntdll!NtWaitForAlertByThreadId',
      offset: null,
    });
  });

  it('rejects registers, disassembly and debugger chatter', () => {
    expect(parseFrameLine('rax=0000000000000000 rbx=0000000000000000 rcx=00007ff95f96ef34')).toBeNull();
    expect(parseFrameLine('00007ff6`6d771101 c7032a000000    mov     dword ptr [rbx],2Ah')).toBeNull();
    expect(parseFrameLine('WARNING: Stack unwind information not available. Following frames may be wrong.')).toBeNull();
    expect(parseFrameLine('*** WARNING: Unable to verify checksum for ida64.dll')).toBeNull();
    expect(parseFrameLine('...')).toBeNull();
  });
});

describe('describeCallSite', () => {
  it('drops the [file @ line] annotation, also with a trailing space', () => {
    expect(describeCallSite('VCRUNTIME140!_CallSettingFrame(void)+0x20 [d:\\eh\\handlers.asm @ 50] ', 1)).toMatchObject({
      callSite: 'VCRUNTIME140!_CallSettingFrame(void)+0x20',
      module: 'VCRUNTIME140',
      function: '_CallSettingFrame',
      offset: '0x20',
      file: 'd:\\eh\\handlers.asm',
      line: 50,
    });
  });

  it('keeps C++ scopes and templates in the function', () => {
    expect(describeCallSite('VCRUNTIME140!__InternalCxxFrameHandler<__FrameHandler3>(struct EHExceptionRecord * pExcept = 0x000000d1`1bff7bd0)+0x111', 0)).toMatchObject({
      module: 'VCRUNTIME140',
      function: '__InternalCxxFrameHandler<__FrameHandler3>',
      offset: '0x111',
    });
    expect(describeCallSite('sblib!HexGeo::SpatialModeler::Port::GetOperator+0x6', 0).function).toBe('HexGeo::SpatialModeler::Port::GetOperator');
  });
});

describe('stripParameterList', () => {
  it('removes kp parameter lists but keeps operator()', () => {
    expect(stripParameterList('Foo::Bar(int a = 0n1, char * b = 0x00000000`00000000 "")')).toBe('Foo::Bar');
    expect(stripParameterList('Foo::operator()')).toBe('Foo::operator()');
    expect(stripParameterList('<lambda_1>::operator()(int x = 0n2)')).toBe('<lambda_1>::operator()');
    expect(stripParameterList('plain_function')).toBe('plain_function');
  });
});

describe('parseFrameBlock', () => {
  it('joins kP parameters printed one per line', () => {
    const frames = parseFrameBlock([
      '00 00000063`2036f7e0 00007ff6`3be110b8     MyApp!MyFunction(',
      '\t\t\tlong p1 = 0n1, ',
      '\t\t\tlong p2 = 0n0, ',
      '\t\t\tlong p3 = 0n3)+0x44 [c:\\myapp\\myapp.cpp @ 7]',
      '01 00000063`2036f800 00007ff6`3be1141d     MyApp!main(void)+0x38 [c:\\myapp\\myapp.cpp @ 16]',
    ]);
    expect(frames.map((f) => [f.callSite, f.function, f.file, f.line])).toEqual([
      ['MyApp!MyFunction(long p1 = 0n1, long p2 = 0n0, long p3 = 0n3)+0x44', 'MyFunction', 'c:\\myapp\\myapp.cpp', 7],
      ['MyApp!main(void)+0x38', 'main', 'c:\\myapp\\myapp.cpp', 16],
    ]);
  });

  it('joins a call site hard-wrapped onto the next line', () => {
    const frames = parseFrameBlock([
      '00000000`004ee2d0 000007fe`e7b271b6 : 00000000`03246bb8 00000001`bf241000 00000000`200003f1 000007fe`e7d39e88 :',
      '    x64_msvcr120_ruby230!rb_obj_write+0x22',
      '00000000`004ee310 000007fe`e7b22985 : 00000000`03246bb8 00000000`100001f8 0000007f`00000001 00000000`02230078 : x64_msvcr120_ruby230!ary_memcpy0+0x166',
    ]);
    expect(frames.map((f) => f.callSite)).toEqual(['x64_msvcr120_ruby230!rb_obj_write+0x22', 'x64_msvcr120_ruby230!ary_memcpy0+0x166']);
    expect(frames.map((f) => f.index)).toEqual([0, 1]);
  });

  it('skips warnings and elisions inside the stack and stops at a prompt', () => {
    const frames = parseFrameBlock(
      [
        '00 000000d1`1bff72a0 00007ffd`76f61030     dwarf64+0xfcb5',
        '*** WARNING: Unable to verify checksum for ida64.dll',
        '...',
        '1b 000000d1`1bffc0f0 00000000`6288c809     dwarf64+0x4c4e9',
        '0:000> lm',
        '1c 000000d1`1bffc990 00000000`61927ea5     ida64!user2bin+0x69b9',
      ],
      { stopAtBlank: true },
    );
    expect(frames.map((f) => [f.index, f.callSite])).toEqual([
      [0, 'dwarf64+0xfcb5'],
      [0x1b, 'dwarf64+0x4c4e9'],
    ]);
  });
});
