import { z } from 'zod';

/** What a source hands over before validation: action inputs and CLI flags are strings, YAML may type them. */
export type RawValue = string | number | boolean | readonly string[] | null | undefined;

/** A setting's value parser: a zod schema plus the words used when it fails. */
export interface FieldType<T> {
  schema: z.ZodType<T>;
  /** Completes "must be …", e.g. "a positive integer". */
  expected: string;
}

const trimmed = z.string().transform((s) => s.trim());

export const text: FieldType<string> = {
  schema: trimmed.pipe(z.string().min(1)),
  expected: 'a non-empty string',
};

export const positiveInt: FieldType<number> = {
  schema: z.union([
    z.number().int().positive(),
    trimmed.pipe(z.string().regex(/^[0-9]+$/)).transform(Number).pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
  ]),
  expected: 'a positive integer',
};

/** setTimeout takes at most 2^31-1 ms; a longer delay fires at once, with a TimeoutOverflowWarning. */
export const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** A duration in seconds that a timer can wait for. */
export const seconds: FieldType<number> = {
  schema: positiveInt.schema.pipe(z.number().max(MAX_TIMER_SECONDS)),
  expected: `a whole number of seconds from 1 to ${MAX_TIMER_SECONDS} (about 24 days)`,
};

export const nonNegativeInt: FieldType<number> = {
  schema: z.union([
    z.number().int().nonnegative(),
    trimmed.pipe(z.string().regex(/^[0-9]+$/)).transform(Number).pipe(z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)),
  ]),
  expected: 'a whole number (0 or more)',
};

export const fraction: FieldType<number> = {
  schema: z.union([
    z.number().min(0).max(1),
    trimmed.pipe(z.string().regex(/^(0(\.[0-9]+)?|1(\.0+)?|\.[0-9]+)$/)).transform(Number),
  ]),
  expected: 'a number from 0 to 1',
};

export const bool: FieldType<boolean> = {
  schema: z.union([
    z.boolean(),
    trimmed.pipe(z.enum(['true', 'false', 'True', 'False', 'TRUE', 'FALSE'])).transform((s) => s.toLowerCase() === 'true'),
  ]),
  expected: 'true or false',
};

/** A list: a YAML sequence, or a string with one item per line or comma-separated. */
export const list: FieldType<string[]> = {
  schema: z.union([
    z.array(trimmed.pipe(z.string().min(1))),
    z.string().transform((s) => s.split(/[\n,]/).map((item) => item.trim()).filter((item) => item.length > 0)),
  ]),
  expected: 'a list of strings (one per line or comma-separated)',
};

export function oneOf<const T extends readonly [string, ...string[]]>(values: T): FieldType<T[number]> {
  return {
    schema: trimmed.pipe(z.enum(values)),
    expected: `one of ${values.map((v) => `'${v}'`).join(', ')}`,
  };
}

/** The start of a stats window: the last N days (today included), or a day. */
export type Since = { days: number } | { date: string };

export const since: FieldType<Since> = {
  schema: z.union([
    trimmed.pipe(z.string().regex(/^[1-9][0-9]{0,4}d$/)).transform((s) => ({ days: Number(s.slice(0, -1)) })),
    trimmed
      .pipe(z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/))
      // 2026-02-30 matches the pattern but is no day: Date rolls it over, so compare back.
      .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s))
      .transform((s) => ({ date: s })),
  ]),
  expected: 'a number of days such as 30d, or a day as YYYY-MM-DD',
};

/** A number above 0, such as a metric's limit in milliseconds. */
export const positiveNumber: FieldType<number> = {
  schema: z.union([z.number().positive().finite(), trimmed.pipe(z.string().regex(/^([0-9]+(\.[0-9]*)?|\.[0-9]+)$/)).transform(Number).pipe(z.number().positive().finite())]),
  expected: 'a number above 0',
};
