import type { Culprit } from '../domain/crash-report.js';
import { normalizeFunctionName } from './function-name.js';
import { MAX_CYCLE_PERIOD } from './recursion.js';
import {
  compileFramePattern,
  crashStartIndex,
  isFailureHelper,
  isRuntimeFunction,
  isSystemFrame,
  type FrameNames,
} from './system-frames.js';

/** The fields of a mapped frame the culprit search looks at. */
export interface CulpritFrame extends FrameNames {
  file: string | null;
  line: number | null;
  inApp: boolean;
}

export interface CulpritOptions {
  /** `culprit-ignore` patterns: globs or prefixes of normalised function names. */
  ignore?: readonly string[];
  /** The exception kind; a `stack-overflow` is blamed on the recursive call. */
  kind?: string;
}

/**
 * The frame to blame: the first frame of the program's own code on the
 * crashing thread, below any crash-handler frames and skipping runtime,
 * allocator, assertion, abort and throw frames, the program's own failure
 * helpers (`Trinity::Assert`) and user-ignored functions. For a stack
 * overflow, the same function's recursive call just below.
 * Without any such in-app frame (no source root, or no debug info), the first
 * non-system frame with a function name. `frameIndex` is the frame's position
 * in `frames`.
 */
export function findCulprit(frames: readonly CulpritFrame[], options: CulpritOptions = {}): Culprit | null {
  const at = findCulpritIndex(frames, options);
  if (at === null) return null;
  const frame = frames[at] as CulpritFrame;
  return {
    frameIndex: at,
    function: (frame.function as string).trim(),
    file: frame.file,
    line: frame.line !== null && frame.line > 0 ? frame.line : null,
  };
}

export function findCulpritIndex(frames: readonly CulpritFrame[], options: CulpritOptions = {}): number | null {
  const ignored = (options.ignore ?? []).filter((p) => p.trim() !== '').map(compileFramePattern);
  const start = crashStartIndex(frames);
  const userIgnored = (f: CulpritFrame): boolean => ignored.some((match) => match(f));
  const name = (f: CulpritFrame): string => (f.function === null ? '' : normalizeFunctionName(f.function));
  const skipped = (f: CulpritFrame): boolean => name(f) === '' || isFailureHelper(name(f)) || userIgnored(f);
  // An in-app frame is the program's own code even in a std:: specialisation; only machinery is skipped.
  const inApp = (f: CulpritFrame): boolean => f.inApp && !skipped(f) && !isRuntimeFunction(name(f));
  const nonSystem = (f: CulpritFrame): boolean => !skipped(f) && !isSystemFrame(f);

  for (const accept of [inApp, nonSystem]) {
    for (let i = start; i < frames.length; i++) {
      if (accept(frames[i] as CulpritFrame)) return options.kind === 'stack-overflow' ? recursiveCallSite(frames, i) : i;
    }
  }
  return null;
}

/**
 * In a stack overflow the top frame's line is wherever the stack ran out; the
 * same function's next frame down is stopped at the recursive call, the line to fix.
 */
function recursiveCallSite(frames: readonly CulpritFrame[], at: number): number {
  const name = normalizeFunctionName((frames[at] as CulpritFrame).function as string);
  for (let j = at + 1; j < frames.length && j <= at + MAX_CYCLE_PERIOD; j++) {
    const fn = (frames[j] as CulpritFrame).function;
    if (fn !== null && normalizeFunctionName(fn) === name) return j;
  }
  return at;
}
