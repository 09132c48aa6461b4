import { isSourceLine, type RawCrash, type RawFrame, type RawModule } from '../domain/raw-crash.js';
import { CrashAutofixError } from '../base/errors.js';
import {
  CRASH_REPORT_SCHEMA_VERSION,
  CrashReportSchema,
  type CrashReport,
  type Frame,
} from '../domain/crash-report.js';
import { findCulprit } from './culprit.js';
import { exceptionKind } from './exception-kind.js';
import { normalizeHex } from './hex.js';
import { createPathMapper, type PathMapper } from './path-map.js';
import { computeSignature, type SignatureFrame } from './signature.js';
import { collectSourceContext } from './source-context.js';
import { isSystemModule, moduleBaseName } from './system-frames.js';

export interface BuildReportOptions {
  /** Repository-relative files of the source root; null when there is no source root. */
  repoFiles: readonly string[] | null;
  readSource: (repoRelPath: string) => Promise<string | null>;
  /** `culprit-ignore` patterns. */
  culpritIgnore: readonly string[];
  /** Source lines on each side of a frame's line. */
  contextLines: number;
  dump: CrashReport['dump'];
  now: Date;
}

/** Turns what the debugger saw into the repository-aware CrashReport. */
export async function buildReport(raw: RawCrash, options: BuildReportOptions): Promise<CrashReport> {
  const crashing = raw.threads.find((t) => t.id === raw.crashingThreadId);
  if (!crashing) {
    const ids = raw.threads.map((t) => t.id).join(', ') || 'none';
    throw new CrashAutofixError(
      'bad-input',
      `The debugger output names crashing thread ${raw.crashingThreadId} but lists no such thread (threads: ${ids}); check that the dump is complete and the debugger output was not cut.`,
    );
  }
  const mapper = options.repoFiles === null ? null : createPathMapper(options.repoFiles);
  const mapFrames = (frames: readonly RawFrame[]): Frame[] => frames.map((f, i) => mapFrame(f, i, mapper));
  const frames = mapFrames(crashing.frames);

  const kind = exceptionKind(raw.exception.code, frames);
  const culprit = findCulprit(frames, { ignore: options.culpritIgnore, kind });
  const withOffsets: SignatureFrame[] = frames.map((f, i) => ({
    ...f,
    moduleOffset: moduleOffset(crashing.frames[i]?.address ?? null, f.module, raw.modules),
  }));
  const { signature, basis } = computeSignature(kind, withOffsets, { culpritIndex: culprit?.frameIndex ?? null });
  const sourceContext = await collectSourceContext(frames, {
    culpritIndex: culprit?.frameIndex ?? null,
    readSource: options.readSource,
    contextLines: options.contextLines,
  });

  const report: CrashReport = {
    schemaVersion: CRASH_REPORT_SCHEMA_VERSION,
    signature,
    signatureBasis: basis,
    exception: {
      code: raw.exception.code,
      name: raw.exception.name,
      address: normalizeHex(raw.exception.address),
      description: raw.exception.description,
    },
    crashingThread: { id: crashing.id, name: crashing.name },
    frames,
    threads: raw.threads.map((t) => ({
      id: t.id,
      name: t.name,
      crashed: t === crashing,
      frames: t === crashing ? frames : mapFrames(t.frames),
    })),
    culprit,
    modules: raw.modules.map((m) => ({
      name: m.name,
      path: m.path,
      base: normalizeHex(m.base),
      end: normalizeHex(m.end),
      version: m.version,
    })),
    sourceContext,
    debugger: { name: raw.debugger.name, version: raw.debugger.version },
    analysis: raw.analysis,
    process: raw.process,
    dump: options.dump,
    createdAt: options.now.toISOString(),
  };
  const parsed = CrashReportSchema.safeParse(report);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown field';
    throw new CrashAutofixError('internal', `The crash report built from the debugger output is invalid (${where}); please report this with the dump.`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

function mapFrame(frame: RawFrame, index: number, mapper: PathMapper | null): Frame {
  // A runtime library's frame stays out of the app even when its debug sources share a name with a repo file.
  const mapped = mapper !== null && !isSystemModule(frame.module) ? mapper.map(frame.file) : null;
  const fn = frame.function?.trim() ?? '';
  return {
    index,
    address: normalizeHex(frame.address),
    module: frame.module,
    function: fn === '' || fn === '??' ? null : fn,
    file: mapped ?? frame.file,
    line: isSourceLine(frame.line) ? frame.line : null,
    inApp: mapped !== null,
    inline: frame.inline,
  };
}

/** `address - base` of the frame's module, when the module list knows its range. */
function moduleOffset(address: string | null, module: string | null, modules: readonly RawModule[]): string | null {
  const at = normalizeHex(address);
  if (at === null || module === null) return null;
  const name = moduleBaseName(module).toLowerCase();
  const owner = modules.find((m) => moduleBaseName(m.name).toLowerCase() === name);
  const base = normalizeHex(owner?.base ?? null);
  if (base === null) return null;
  const offset = BigInt(at) - BigInt(base);
  const end = normalizeHex(owner?.end ?? null);
  if (offset < 0n || (end !== null && BigInt(at) >= BigInt(end))) return null;
  return `0x${offset.toString(16)}`;
}
