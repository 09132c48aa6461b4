import { describeError } from '../base/errors.js';
import { culpritModule, lessonsFor, LESSON_LIMITS, type LessonLimits } from '../domain/crash-lessons.js';
import type { CrashDatabase, Lesson } from '../domain/crash-record.js';
import type { CrashReport } from '../domain/crash-report.js';

/**
 * The analysis's narrow input: the lessons for a crash, read from the crash
 * database here so the engine never knows it. A database that cannot be read
 * costs the prompt its lessons, not the job its fix: one warning says so.
 */
export function lessonsFromDatabase(
  database: () => Promise<Pick<CrashDatabase, 'list'> | null>,
  warn: (message: string) => void,
  limits: LessonLimits = LESSON_LIMITS,
): (report: CrashReport) => Promise<Lesson[]> {
  return async (report) => {
    try {
      // The database off: no lessons.
      const records = (await (await database())?.list()) ?? [];
      return lessonsFor(records, { signature: report.signature, module: culpritModule(report) }, limits);
    } catch (error) {
      warn(`The crash database could not be read, so the analysis goes without reviewers' lessons: ${describeError(error)}`);
      return [];
    }
  };
}
