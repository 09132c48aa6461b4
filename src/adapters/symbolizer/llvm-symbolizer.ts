import { z } from 'zod';
import { CrashAutofixError, oneLine } from '../../base/errors.js';
import type { ProcessRunner } from '../exec/process-runner.js';
import { probeToolVersion, type ToolVersion } from '../exec/tool-version.js';

/** JSON output (`--output-style=JSON`) arrived in LLVM 11. */
export const MIN_LLVM_SYMBOLIZER = [11] as const;
const TIMEOUT_MS = 120_000;

/** One code address inside a module file: the module's path and the offset from its load base. */
export interface SymbolRequest {
  module: string;
  offset: bigint;
}

/** Innermost first: the inlined functions at the address, then the function they were inlined into. */
export interface SourceLocation {
  function: string | null;
  file: string | null;
  line: number | null;
}

const SymbolSchema = z.object({
  FunctionName: z.string().optional(),
  FileName: z.string().optional(),
  Line: z.number().int().optional(),
});
const AnswerSchema = z.object({
  Address: z.string().optional(),
  ModuleName: z.string().optional(),
  Symbol: z.array(SymbolSchema).optional(),
  Error: z.object({ Message: z.string() }).optional(),
});

/**
 * Functions, files and lines from a module's own debug info (DWARF in an ELF
 * or PE, or a PDB beside it) with llvm-symbolizer: how a Windows minidump gets
 * its culprit on a Linux runner without cdb.
 */
export class LlvmSymbolizer {
  private constructor(
    private readonly runner: ProcessRunner,
    private readonly toolPath: string,
    readonly version: ToolVersion,
  ) {}

  static async create(runner: ProcessRunner, toolPath = 'llvm-symbolizer'): Promise<LlvmSymbolizer> {
    const version = await probeToolVersion(runner, { toolPath, name: 'LLVM', min: MIN_LLVM_SYMBOLIZER, install: "install LLVM (Debian/Ubuntu: apt-get install llvm; Windows: the LLVM release), or set 'symbolizer-path'" });
    return new LlvmSymbolizer(runner, toolPath, version);
  }

  /** One answer per request, in order; an address without debug info gets an empty list. */
  async symbolize(requests: readonly SymbolRequest[]): Promise<SourceLocation[][]> {
    if (requests.length === 0) return [];
    // Offsets from the load base: for a PE, `--relative-address` adds the image base the file asks for.
    const input = requests.map((r) => `${quote(r.module)} 0x${r.offset.toString(16)}`).join('\n');
    const result = await this.runner.run(this.toolPath, ['--relative-address', '--output-style=JSON', '--inlining', '--demangle'], { input: `${input}\n`, timeoutMs: TIMEOUT_MS });
    if (result.timedOut) throw new CrashAutofixError('timeout', `llvm-symbolizer took over ${TIMEOUT_MS / 1000} s for ${requests.length} addresses`);
    if (result.exitCode !== 0) throw new CrashAutofixError('tool-failed', `llvm-symbolizer failed (exit ${String(result.exitCode)}): ${oneLine(result.stderr).slice(0, 300)}`);
    const lines = result.stdout.split('\n').filter((l) => l.trim() !== '');
    if (lines.length !== requests.length) {
      throw new CrashAutofixError('tool-failed', `llvm-symbolizer answered ${lines.length} lines for ${requests.length} addresses; its output format changed? (${oneLine(result.stdout).slice(0, 200)})`);
    }
    return lines.map(parseAnswer);
  }
}

function parseAnswer(line: string): SourceLocation[] {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new CrashAutofixError('tool-failed', `llvm-symbolizer printed a line that is not JSON: ${line.slice(0, 120)}`);
  }
  const answer = AnswerSchema.safeParse(json);
  if (!answer.success || answer.data.Error) return [];
  return (answer.data.Symbol ?? [])
    .map((s) => ({
      function: s.FunctionName && s.FunctionName !== '??' ? s.FunctionName : null,
      file: s.FileName && s.FileName !== '??' && s.FileName !== '' ? s.FileName : null,
      line: s.Line !== undefined && s.Line > 0 ? s.Line : null,
    }))
    .filter((l) => l.function !== null || l.file !== null);
}

/** llvm-symbolizer reads `"path with spaces" 0x…`; a path holding a quote cannot be passed this way. */
function quote(file: string): string {
  if (file.includes('"') || /[\r\n]/.test(file)) throw new CrashAutofixError('bad-input', `Module path ${JSON.stringify(file)} holds a quote or a line break; llvm-symbolizer cannot be given it`);
  return `"${file}"`;
}
