import { createHash } from 'node:crypto';
import type { CrashReport } from '../domain/crash-report.js';
import type { DumpBucket, ModuleBuildId } from '../domain/dump-bucket.js';
import { isSystemFrame, moduleBaseName } from './system-frames.js';

/** Frames hashed when nothing outside system modules was found: where in them it crashed. */
const SYSTEM_DEPTH = 3;

const isOffsetLabel = (s: string): boolean => /\+0x[0-9a-f]+$/.test(s);

/**
 * The bucket of a report built from a native read. Names decide when there
 * are any; else the signature's module+offset labels with their builds; and
 * when even those are missing (a crash wholly inside system modules, no
 * in-app frame walked), the top frames' offsets and the program's build, so
 * the exception kind alone never makes a bucket: every c0000409 of every
 * program would otherwise share one.
 */
export function bucketOf(report: CrashReport, modules: readonly ModuleBuildId[], program: ModuleBuildId | null): DumpBucket {
  const basis = report.signatureBasis.frames;
  const common = {
    kind: report.signatureBasis.kind,
    exception: report.exception.code,
    culprit: report.culprit ? `${report.culprit.function}${report.culprit.file ? ` (${report.culprit.file}${report.culprit.line === null ? '' : `:${report.culprit.line}`})` : ''}` : null,
    program: program?.name ?? null,
    build: program?.id ?? null,
  };
  // Names of system frames alone (`abort`, `raise`) would put every program's abort in one bucket.
  const ownFrames = report.frames.some((f) => f.module !== null && !isSystemFrame(f));
  if (ownFrames && basis.length > 0 && !basis.some(isOffsetLabel)) return { ...common, signature: report.signature, scope: 'stable', basis: [...basis] };
  const buildOf = new Map(modules.map((m) => [moduleBaseName(m.name).toLowerCase(), m.id ?? 'unknown-build']));
  let labels = (ownFrames ? basis : []).map((label) => {
    const module = label.slice(0, label.lastIndexOf('+'));
    return `${label}@${buildOf.get(module) ?? 'unknown-build'}`;
  });
  if (labels.length === 0) labels = [...topOffsets(report, buildOf), `program@${program?.id ?? 'unknown-build'}`];
  const digest = createHash('sha256').update(['crash-autofix/bucket/v1', common.kind, ...labels].join('\n')).digest('hex');
  return { ...common, signature: `${common.kind}-${digest.slice(0, 12)}`, scope: 'build', basis: labels };
}

/** `module+0xoffset@build` of the innermost frames, system modules included. */
function topOffsets(report: CrashReport, buildOf: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const frame of report.frames) {
    if (out.length >= SYSTEM_DEPTH) break;
    if (frame.inline || frame.address === null) continue;
    const module = frame.module === null ? null : moduleBaseName(frame.module).toLowerCase();
    const owner = module === null ? undefined : report.modules.find((m) => moduleBaseName(m.name).toLowerCase() === module);
    if (!owner?.base || module === null) {
      out.push('unmapped');
      continue;
    }
    out.push(`${module}+0x${(BigInt(frame.address) - BigInt(owner.base)).toString(16)}@${buildOf.get(module) ?? 'unknown-build'}`);
  }
  return out;
}
