import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { NativeModule } from '../../domain/pre-triage.js';
import { readExecutableBuildId } from '../elf/elf-build-id.js';

/**
 * Which file on this machine holds each module of a core. A given file must
 * have the module's file name (its own or, for a symbolic link such as
 * `libstdc++.so.6`, its target's) and, where the core recorded a GNU build
 * id, that build id: another build's debug info would name wrong lines. A
 * module no given file matches falls back to the path the core recorded
 * (NT_FILE) when that file is here with the same build id: on the machine
 * that crashed, the program and its libraries symbolise without settings.
 */
export class CoreModuleFiles {
  private readonly byName: Promise<Map<string, string[]>>;
  private readonly decided = new Map<string, Promise<string | null>>();
  private readonly ids = new Map<string, Promise<string | null>>();

  constructor(
    moduleFiles: readonly string[],
    private readonly warn: (message: string) => void,
  ) {
    this.byName = candidatesByName(moduleFiles);
  }

  /** The module's file, or null when none here is the one that crashed; decided once per module path. */
  fileFor(module: NativeModule): Promise<string | null> {
    let known = this.decided.get(module.path);
    if (!known) {
      known = this.decide(module);
      this.decided.set(module.path, known);
    }
    return known;
  }

  private async decide(module: NativeModule): Promise<string | null> {
    const refused: string[] = [];
    for (const file of (await this.byName).get(module.name) ?? []) {
      if (module.buildId === null) return file;
      const id = await this.buildIdOf(file);
      if (id === module.buildId) return file;
      refused.push(`${file} (build id ${id ?? 'none'})`);
    }
    const recorded = module.buildId !== null && (await this.buildIdOf(module.path)) === module.buildId ? module.path : null;
    if (refused.length > 0) {
      const instead = recorded ? `; using ${recorded}, which the core recorded and which has it` : '; its frames keep module and offset';
      this.warn(`Not using ${refused.join(', ')} for ${module.name}: the core's ${module.name} has build id ${module.buildId ?? '?'}, so it is another build${instead}`);
    }
    return recorded;
  }

  private buildIdOf(file: string): Promise<string | null> {
    let id = this.ids.get(file);
    if (!id) {
      // A file that is not there or not ELF has no build id: it matches nothing.
      id = readExecutableBuildId(file).catch(() => null);
      this.ids.set(file, id);
    }
    return id;
  }
}

async function candidatesByName(files: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const add = (name: string, file: string): void => {
    const list = out.get(name) ?? [];
    if (!list.includes(file)) list.push(file);
    out.set(name, list);
  };
  for (const file of files) {
    add(path.basename(file), file);
    const target = await realpath(file).catch(() => null);
    if (target !== null && path.basename(target) !== path.basename(file)) add(path.basename(target), file);
  }
  return out;
}
