import type { CrashReport } from './crash-report.js';
import type { CrashRecord, Lesson } from './crash-record.js';

/**
 * The lessons a new analysis carries into its prompt: what reviewers said
 * about earlier fixes in the same module, or of the same crash. They are
 * people's text flowing into a prompt, so they are bounded in number and size.
 */
export interface LessonLimits {
  /** Most lessons in one prompt. */
  count: number;
  /** Most characters of one lesson's text; longer ones are cut. */
  perLesson: number;
  /** Most characters of all lessons' texts together; older lessons past it are left out. */
  total: number;
}

export const LESSON_LIMITS: LessonLimits = { count: 5, perLesson: 800, total: 3000 };

/**
 * The crash's module: the folder of its culprit's file, when the culprit is
 * in the repository (an in-app frame). Rejections record it, lessons are kept by it.
 */
export function culpritModule(report: Pick<CrashReport, 'culprit' | 'frames'>): string | null {
  const culprit = report.culprit;
  const file = culprit?.file ?? null;
  const inApp = culprit !== null && report.frames[culprit.frameIndex]?.inApp === true;
  return inApp && file !== null && file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : null;
}

/** Is `module` the lesson's module or a folder inside it? (`src/game` holds `src/game/spells`, not `src/gameplay`.) */
function inModule(lessonModule: string | null, module: string | null): boolean {
  if (lessonModule === null || module === null) return false;
  return module === lessonModule || module.startsWith(`${lessonModule}/`);
}

/**
 * The most recent lessons for a crash: those of its signature and those of its
 * module (a lesson about a folder applies to the folders inside it), newest
 * first, within the limits.
 */
export function lessonsFor(records: readonly CrashRecord[], crash: { signature: string; module: string | null }, limits: LessonLimits = LESSON_LIMITS): Lesson[] {
  const byId = new Map<string, Lesson>();
  for (const record of records) {
    for (const lesson of record.lessons) {
      if (lesson.signature === crash.signature || inModule(lesson.module, crash.module)) byId.set(lesson.id, lesson);
    }
  }
  const newestFirst = [...byId.values()].sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
  const picked: Lesson[] = [];
  let chars = 0;
  for (const lesson of newestFirst) {
    if (picked.length === limits.count) break;
    const text = lesson.text.length > limits.perLesson ? `${lesson.text.slice(0, limits.perLesson)}…` : lesson.text;
    if (chars + text.length > limits.total) break;
    chars += text.length;
    picked.push({ ...lesson, text });
  }
  return picked;
}
