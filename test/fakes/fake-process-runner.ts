import type { ProcessRunner, RunOptions, RunResult } from '../../src/adapters/exec/process-runner.js';

/** One call the code under test made. */
export interface RecordedCall {
  command: string;
  args: readonly string[];
  options: RunOptions | undefined;
}

/** Which calls a scripted result answers: exact command and/or args, or any predicate. */
export type CallMatcher =
  | { command?: string | RegExp; args?: readonly string[]; argsInclude?: readonly string[] }
  | ((call: RecordedCall) => boolean);

/** What a matching call gets: a (partial) result, a result computed from the call, or a thrown error. */
export type ScriptedResult = Partial<RunResult> | ((call: RecordedCall) => Partial<RunResult>) | { throws: Error };

interface Rule {
  matcher: CallMatcher;
  result: ScriptedResult;
  remaining: number;
}

/**
 * A ProcessRunner that starts nothing: it records every call and answers with
 * scripted results. Rules are tried in the order they were added; a call that no
 * rule answers rejects, so a test notices commands it did not expect.
 */
export class FakeProcessRunner implements ProcessRunner {
  readonly calls: RecordedCall[] = [];
  private readonly rules: Rule[] = [];

  /** Answer every matching call with `result`. */
  on(matcher: CallMatcher, result: ScriptedResult): this {
    this.rules.push({ matcher, result, remaining: Infinity });
    return this;
  }

  /** Answer only the next matching call with `result`. */
  once(matcher: CallMatcher, result: ScriptedResult): this {
    this.rules.push({ matcher, result, remaining: 1 });
    return this;
  }

  /** Calls whose command equals `command` (or matches it). */
  callsTo(command: string | RegExp): RecordedCall[] {
    return this.calls.filter((c) => matchesCommand(c.command, command));
  }

  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult> {
    const call: RecordedCall = { command, args: [...args], options: options === undefined ? undefined : { ...options } };
    this.calls.push(call);
    const rule = this.rules.find((r) => r.remaining > 0 && matches(r.matcher, call));
    if (!rule) {
      return Promise.reject(new Error(`FakeProcessRunner: no scripted result for ${command} ${JSON.stringify(args)}`));
    }
    rule.remaining--;
    const scripted = rule.result;
    if (typeof scripted === 'object' && 'throws' in scripted) return Promise.reject(scripted.throws);
    const partial = typeof scripted === 'function' ? scripted(call) : scripted;
    return Promise.resolve({
      exitCode: 0,
      signal: null,
      stdout: '',
      stderr: '',
      timedOut: false,
      durationMs: 0,
      ...partial,
    });
  }
}

function matchesCommand(actual: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? actual === expected : expected.test(actual);
}

function matches(matcher: CallMatcher, call: RecordedCall): boolean {
  if (typeof matcher === 'function') return matcher(call);
  if (matcher.command !== undefined && !matchesCommand(call.command, matcher.command)) return false;
  if (matcher.args !== undefined) {
    if (matcher.args.length !== call.args.length || matcher.args.some((a, i) => a !== call.args[i])) return false;
  }
  if (matcher.argsInclude !== undefined && !matcher.argsInclude.every((a) => call.args.includes(a))) return false;
  return true;
}
