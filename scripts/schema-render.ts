import { z } from 'zod';
import { CrashReportSchema } from '../src/domain/crash-report.js';

export function crashReportJsonSchema(): string {
  const schema = z.toJSONSchema(CrashReportSchema, { target: 'draft-2020-12' });
  return `${JSON.stringify({ title: 'CrashReport', ...schema }, null, 2)}\n`;
}
