/**
 * What `parseCdbOutput` extracts from cdb / WinDbg text, before it is mapped to
 * the debugger-neutral RawCrash. Values are copied from the text; null where the
 * text does not show them.
 */

/**
 * `old`: FAULTING_IP / DEFAULT_BUCKET_ID era `!analyze -v` (including transitional
 * WinDbg 10 layouts that also print KEY_VALUES_STRING); `new`: KEY_VALUES_STRING
 * layout without FAULTING_IP; `stack-only`: a `k`-family listing or `.ecxr` output;
 * `kernel`: a bugcheck analysis.
 */
export type CdbFormat = 'old' | 'new' | 'stack-only' | 'kernel';

export interface CdbFrame {
  /** Frame number as printed (`kn`), else the position in the listing. */
  index: number;
  /** The Call Site column exactly as printed, without a ` [file @ line]` annotation. */
  callSite: string;
  module: string | null;
  /** Function without module, `+0x..` offset or a `kp` parameter list. */
  function: string | null;
  /** `0x..` offset after the symbol, lower-case. */
  offset: string | null;
  /** Instruction address when the call site is a bare address (`0x00007ffc`aa52f454`). */
  address: string | null;
  file: string | null;
  line: number | null;
  /** Child-SP / ChildEBP column, `0x..` lower-case. */
  childSp: string | null;
  /** RetAddr column, `0x..` lower-case. */
  returnAddress: string | null;
  inline: boolean;
}

export interface CdbModule {
  name: string;
  start: string;
  end: string;
  /** `deferred`, `pdb symbols`, `export symbols`, ... as printed inside the parentheses. */
  symbolStatus: string | null;
  /** The path column of `lm` (symbol or image file). */
  path: string | null;
}

/** `NAME (code)` + `Arguments:` header of a bugcheck or an Application Verifier stop. */
export interface CdbStopHeader {
  name: string;
  /** `0x..` lower-case. */
  code: string;
  /** First sentence(s) after the header line. */
  summary: string | null;
  /** Arg1..Arg4 values, `0x..` lower-case. */
  args: string[];
}

export interface CdbAnalysis {
  format: CdbFormat;
  /** 8 lower-case hex digits from the exception record (else EXCEPTION_CODE_STR, else the event banner). */
  exceptionCode: string | null;
  exceptionName: string | null;
  /** Faulting data address for access violations, `0x..` lower-case. */
  exceptionAddress: string | null;
  /** The ExceptionAddress of the record (the faulting instruction), `0x..` lower-case. */
  instructionAddress: string | null;
  /** The symbol cdb printed after ExceptionAddress: `AccessV!main+0x0000000000000101`. */
  instructionSymbol: string | null;
  description: string | null;
  failureBucketId: string | null;
  symbolName: string | null;
  moduleName: string | null;
  imageName: string | null;
  faultingSource: { file: string; line: number } | null;
  processName: string | null;
  processId: number | null;
  /** System thread id of the faulting thread in lower-case hex without leading zeros. */
  threadId: string | null;
  /** Kernel bugcheck (format `kernel`), else null. */
  bugcheck: CdbStopHeader | null;
  /** Application Verifier stop shown by `!analyze`, else null. */
  verifierStop: CdbStopHeader | null;
  /** Frames of the faulting thread, innermost first. */
  frames: CdbFrame[];
  /** Where `frames` came from. */
  stackSource: 'stack-text' | 'listing' | null;
  modules: CdbModule[];
  /** `Key : Value` pairs of KEY_VALUES_STRING. */
  keyValues: Record<string, string>;
  /** Every `FIELD:` of the analysis with its same-line value (first occurrence). */
  fields: Record<string, string>;
}
