import { CrashAutofixError } from '../../base/errors.js';

const PASS_DUMP = 'pass the .dmp file the crash handler wrote';

/** Says what a file that lacks the `MDMP` signature looks like, and what to pass instead. */
export function notAMinidump(file: string, head: Uint8Array, size: number): CrashAutofixError {
  return new CrashAutofixError('bad-input', `${file} ${describeNonMinidump(head, size)}`);
}

function describeNonMinidump(head: Uint8Array, size: number): string {
  if (size === 0) return `is empty (0 bytes), not a minidump; the crash handler did not finish writing it, ${PASS_DUMP}`;
  if (size < 4) return `is ${size} bytes long, too short to be a minidump; ${PASS_DUMP}`;
  const ascii = Buffer.from(head.subarray(0, 8)).toString('latin1');
  if (ascii.startsWith('\x7fELF')) {
    return `is an ELF file (a Linux core dump or program), not a Windows minidump; pass a core file as 'dump' to have it read with gdb, or ${PASS_DUMP}`;
  }
  if (ascii.startsWith('PAGE')) {
    return `is a Windows kernel memory dump, not a minidump; crash-autofix reads user-mode minidumps, ${PASS_DUMP}`;
  }
  const archive = archiveKind(head);
  if (archive) return `is a ${archive}, not a minidump; unpack it and pass the .dmp inside`;
  if (looksLikeText(head)) {
    return `is a text file, not a minidump; if it is saved cdb output, pass it as 'from-output' instead of 'dump', otherwise ${PASS_DUMP}`;
  }
  const hex = Buffer.from(head.subarray(0, 8)).toString('hex');
  return `is not a minidump (it starts with bytes ${hex}, not the signature 'MDMP'); ${PASS_DUMP}`;
}

function archiveKind(head: Uint8Array): string | null {
  const b = (i: number): number => head[i] ?? -1;
  if (b(0) === 0x1f && b(1) === 0x8b) return 'gzip archive';
  if (b(0) === 0x50 && b(1) === 0x4b && b(2) === 0x03 && b(3) === 0x04) return 'zip archive';
  if (b(0) === 0x37 && b(1) === 0x7a && b(2) === 0xbc && b(3) === 0xaf) return '7-Zip archive';
  if (b(0) === 0xfd && b(1) === 0x37 && b(2) === 0x7a && b(3) === 0x58) return 'xz archive';
  if (b(0) === 0x28 && b(1) === 0xb5 && b(2) === 0x2f && b(3) === 0xfd) return 'zstd archive';
  if (b(0) === 0x42 && b(1) === 0x5a && b(2) === 0x68) return 'bzip2 archive';
  return null;
}

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  let printable = 0;
  for (const b of bytes) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 0xc2) printable++;
  return printable / bytes.length > 0.95;
}

/** `what` at `rva` needs the file to be `rva + length` bytes long and it is shorter. */
export function truncatedDump(file: string, what: string, rva: number, length: number, size: number): CrashAutofixError {
  const needs = rva + length;
  return new CrashAutofixError(
    'bad-input',
    `${file} is truncated: ${what} at RVA 0x${rva.toString(16)} needs ${needs} bytes but the file has ${size}; copy the complete dump`,
  );
}

/** A structure that contradicts itself inside an otherwise complete file. */
export function damagedDump(file: string, detail: string): CrashAutofixError {
  return new CrashAutofixError('bad-input', `${file} is a damaged minidump: ${detail}; copy the dump again or pass another one`);
}

export function unsupportedVersion(file: string, version: number): CrashAutofixError {
  const low = (version & 0xffff).toString(16).padStart(4, '0');
  return new CrashAutofixError(
    'bad-input',
    `${file} has the minidump signature but format version 0x${low} (expected 0xa793); it is damaged or from an unknown writer, ${PASS_DUMP}`,
  );
}

/** A dump written from a running process (no exception stream) has no crash to triage. */
export function noExceptionRecord(file: string): CrashAutofixError {
  return new CrashAutofixError(
    'bad-input',
    `${file} holds no exception record: it was written from a running process, not at a crash; pass the dump written when the program crashed (WER LocalDumps, procdump -e, the crash handler)`,
  );
}
