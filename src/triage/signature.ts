import { createHash } from 'node:crypto';
import { findCulpritIndex, type CulpritFrame } from './culprit.js';
import { normalizeFunctionName } from './function-name.js';
import { canonicalRotation, collapseRecursion, findRunawayRecursion } from './recursion.js';
import { crashStartIndex, isRuntimeFunction, isSystemFrame, moduleBaseName } from './system-frames.js';

export { normalizeFunctionName } from './function-name.js';
export { exceptionKind, kindOfCode, type ExceptionKind } from './exception-kind.js';

/**
 * The crash signature: a stable id for "the same bug", built from the
 * exception kind and the normalised names of a few frames from the culprit
 * down. The rules are documented for users in docs/signature-rules.md; change
 * them only together with that page, as every change re-buckets old crashes.
 */

/** How many frames, from the culprit down, identify a bug. */
export const SIGNATURE_DEPTH = 3;

/** How far below the culprit to look, so recursion can be collapsed before taking SIGNATURE_DEPTH. */
const WINDOW = 256;

export interface SignatureFrame extends CulpritFrame {
  /** `address - module base` as 0x hex when known: stable across ASLR, used only for frames without a name. */
  moduleOffset?: string | null;
}

export interface SignatureOptions {
  /** Position of the culprit in `frames`; found with no ignore patterns when omitted. */
  culpritIndex?: number | null;
  depth?: number;
}

export interface Signature {
  signature: string;
  basis: { kind: string; frames: string[] };
}

export function computeSignature(kind: string, frames: readonly SignatureFrame[], options: SignatureOptions = {}): Signature {
  const depth = options.depth ?? SIGNATURE_DEPTH;
  const culprit = options.culpritIndex === undefined ? findCulpritIndex(frames) : options.culpritIndex;
  const start = culprit ?? crashStartIndex(frames);
  const names = signatureNames(frames, start);

  let basis: string[];
  // The kind already says the stack overflowed, so a cycle repeated three times is the recursion.
  const runaway = kind === 'stack-overflow' ? findRunawayRecursion(names, 0, 3) : null;
  if (runaway) {
    // Where a runaway recursion overflowed is chance; the cycle itself is the bug.
    basis = canonicalRotation(runaway.cycle);
  } else {
    basis = collapseRecursion(names).slice(0, depth);
  }
  const safeKind = kind.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'unknown';
  const digest = createHash('sha256').update(['crash-autofix/signature/v1', safeKind, ...basis].join('\n')).digest('hex');
  return { signature: `${safeKind}-${digest.slice(0, 12)}`, basis: { kind: safeKind, frames: basis } };
}

/**
 * The names to hash, best source first: in-app frames from the culprit down;
 * else non-system named frames; else non-system `module+offset` labels; else
 * any named frame from the top of the stack.
 */
function signatureNames(frames: readonly SignatureFrame[], start: number): string[] {
  const below = frames.slice(start, start + WINDOW);
  const name = (f: SignatureFrame): string => (f.function === null ? '' : normalizeFunctionName(f.function));

  // As for the culprit, an in-app frame only loses to runtime machinery (a repo's own `operator new`).
  const inApp = below.filter((f) => f.inApp).map(name).filter((n) => n !== '' && !isRuntimeFunction(n));
  if (inApp.length > 0) return inApp;
  const nonSystem = below.filter((f) => !isSystemFrame(f)).map(name).filter(nonEmpty);
  if (nonSystem.length > 0) return nonSystem;
  const offsets = below.filter((f) => !isSystemFrame(f)).map(offsetLabel).filter(nonEmpty);
  if (offsets.length > 0) return offsets;
  return frames.slice(0, WINDOW).map(name).filter(nonEmpty);
}

const nonEmpty = (s: string): boolean => s !== '';

function offsetLabel(frame: SignatureFrame): string {
  if (frame.module === null || !frame.moduleOffset) return '';
  // cdb names a module it has no file for after its load address (`image009e0000`), which ASLR changes.
  const module = moduleBaseName(frame.module).toLowerCase().replace(/^image[0-9a-f]{8,16}$/, 'image');
  return `${module}+${frame.moduleOffset}`;
}
