import { PeUnwindFile } from '../stack-walk/pe-unwind-file.js';
import type { ModuleUnwind, UnwindTables } from '../stack-walk/unwind-tables.js';
import type { MinidumpModule } from './minidump-types.js';

/** Where a module's PE file is on this machine, or null when it is not at hand. */
export type ModuleFileLookup = (module: MinidumpModule) => string | null | Promise<string | null>;

/**
 * The x64 unwind data of the dump's modules whose PE file `lookup` finds,
 * opened on first use. A file is used only when its TimeDateStamp and
 * SizeOfImage are the module's: another build's unwind data would walk
 * wrong. Each module used, or passed over, adds one line to `notes`.
 */
export class PeUnwindTables implements UnwindTables {
  private readonly opened = new Map<number, Promise<PeUnwindFile | null>>();

  constructor(
    private readonly modules: readonly MinidumpModule[],
    private readonly lookup: ModuleFileLookup,
    private readonly notes: string[],
  ) {}

  forModule(index: number): Promise<ModuleUnwind | null> {
    let pending = this.opened.get(index);
    if (!pending) {
      pending = this.open(index);
      this.opened.set(index, pending);
    }
    return pending;
  }

  private async open(index: number): Promise<PeUnwindFile | null> {
    const module = this.modules[index];
    if (!module) return null;
    const file = await this.lookup(module);
    if (file === null) return null;
    const pe = await PeUnwindFile.open(file);
    if (typeof pe === 'string') {
      this.notes.push(`${module.name}: unwind data not used: ${pe}`);
      return null;
    }
    if (pe.timeDateStamp !== module.timeDateStamp || pe.sizeOfImage !== module.size) {
      this.notes.push(
        `${module.name}: unwind data not used: ${file} is another build (TimeDateStamp ${hex8(pe.timeDateStamp)}, SizeOfImage 0x${pe.sizeOfImage.toString(16)}; the dump's module has ${hex8(module.timeDateStamp)}, 0x${module.size.toString(16)})`,
      );
      await pe.close();
      return null;
    }
    this.notes.push(`${module.name}: unwind data from ${file} (${pe.functionCount} functions)`);
    return pe;
  }

  async close(): Promise<void> {
    const files = await Promise.all([...this.opened.values()]);
    await Promise.all(files.map((f) => (f ? f.close() : Promise.resolve())));
  }
}

function hex8(n: number): string {
  return n.toString(16).toUpperCase().padStart(8, '0');
}
