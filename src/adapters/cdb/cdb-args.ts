import path from 'node:path';
import { CrashAutofixError } from '../../base/errors.js';
import { sectionMarker } from './cdb-text.js';

export const MICROSOFT_SYMBOL_SERVER = 'https://msdl.microsoft.com/download/symbols';

export interface CdbArgsInput {
  dumpPath: string;
  /** The crashed program; its folder is passed as the image path (`-i`). */
  executablePath?: string;
  /** Folders with the program's own PDBs, searched before the symbol server. */
  symbolPath?: readonly string[];
  /** Local cache for the Microsoft symbol server (`srv*<cache>*...`). */
  symbolCacheDir: string;
  sourcePath?: readonly string[];
  /** Extra debugger commands, run after the standard ones in their own section. */
  extraCommands?: readonly string[];
}

/**
 * The command script: source lines on, `!analyze -v`, the exception context's
 * stack with frame numbers and source lines, the module list, then quit. Every
 * part is preceded by an `.echo` marker so the parser can split the output.
 */
export function cdbCommandScript(extraCommands: readonly string[] = []): string {
  const commands = [
    '.lines -e',
    `.echo ${sectionMarker('analyze')}`,
    '!analyze -v',
    `.echo ${sectionMarker('stack')}`,
    '~.',
    '.ecxr',
    'kn 200',
    `.echo ${sectionMarker('modules')}`,
    'lm',
  ];
  if (extraCommands.length > 0) {
    commands.push(`.echo ${sectionMarker('extra')}`);
    for (const command of extraCommands) {
      const trimmed = command.trim();
      if (trimmed === '' || /[\r\n]/.test(trimmed) || /^q[qd]?$/i.test(trimmed)) {
        throw new CrashAutofixError(
          'config',
          `Extra cdb command ${JSON.stringify(command)} is not allowed: give one non-empty debugger command per entry and no quit command.`,
        );
      }
      commands.push(trimmed);
    }
  }
  commands.push(`.echo ${sectionMarker('end')}`, 'q');
  return commands.join('; ');
}

/** The argument vector for `cdb.exe`: open the dump, set symbol/source/image paths, run the script. */
export function buildCdbArgs(input: CdbArgsInput): string[] {
  const symbolDirs = [...(input.symbolPath ?? []), `srv*${input.symbolCacheDir}*${MICROSOFT_SYMBOL_SERVER}`];
  for (const entry of [...symbolDirs, ...(input.sourcePath ?? [])]) {
    if (entry.includes(';')) {
      throw new CrashAutofixError('config', `Path ${JSON.stringify(entry)} contains ';', which cdb uses to separate paths; rename the folder or use its short name.`);
    }
  }
  const args = ['-z', input.dumpPath, '-y', symbolDirs.join(';')];
  if (input.executablePath) args.push('-i', path.win32.dirname(input.executablePath));
  if (input.sourcePath && input.sourcePath.length > 0) args.push('-srcpath', input.sourcePath.join(';'));
  args.push('-lines', '-c', cdbCommandScript(input.extraCommands));
  return args;
}
