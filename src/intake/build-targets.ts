import { readExecutableBuildId } from '../adapters/elf/elf-build-id.js';
import { readPdbIdentity } from '../adapters/pe/pdb-identity.js';
import { readPeIdentity } from '../adapters/pe/pe-identity.js';
import { CrashAutofixError } from '../base/errors.js';
import { errnoCode, errnoWords } from '../base/fs/fs-error.js';
import type { ModuleBuild } from './build-identity.js';

/** One file a dump's module needs: its executable or its symbols, and how to tell the right build. */
export interface BuildTarget {
  role: 'executable' | 'symbols';
  /** The file name to look for (`crashme.exe`, `crashme.pdb`, `worldserver.debug`). */
  name: string;
  /** Symbol-store key (`name/<key>/name`), for PE images and PDBs. */
  storeKey: string | null;
  /** ELF build id (`.build-id/xx/rest[.debug]`). */
  buildId: string | null;
  /** Without it the module's files are still usable, only with fewer lines and names. */
  required: boolean;
  /** null when `file` is this build; otherwise why not, in a few words. */
  check(file: string): Promise<string | null>;
}

/**
 * What to look for, for one module: a Windows image and its PDB, keyed as a
 * symbol store keys them, or an ELF file and its separate debug file, by
 * build id. Throws when the dump records no id for the module, since a file
 * matched by name alone may be another build and give wrong lines.
 */
export function buildTargets(module: ModuleBuild): BuildTarget[] {
  if (module.buildId !== null) {
    const id = module.buildId.toLowerCase();
    const check = (file: string): Promise<string | null> => checkElf(file, id);
    return [
      { role: 'executable', name: module.name, storeKey: null, buildId: id, required: true, check },
      // A build with -g carries its own DWARF; a separate .debug file is a bonus.
      { role: 'symbols', name: `${module.name}.debug`, storeKey: null, buildId: id, required: false, check },
    ];
  }
  const targets: BuildTarget[] = [];
  const { imageKey, pdb } = module;
  if (imageKey !== null) {
    targets.push({ role: 'executable', name: module.name, storeKey: imageKey, buildId: null, required: true, check: (file) => checkPe(file, imageKey, pdb?.key ?? null) });
  }
  if (pdb) targets.push({ role: 'symbols', name: pdb.name, storeKey: pdb.key, buildId: null, required: true, check: (file) => checkPdb(file, pdb.key) });
  if (targets.length === 0 || module.name === '') {
    throw new CrashAutofixError(
      'bad-input',
      `The dump records no build id for ${module.name || 'its program'}, so its build cannot be told from another of the same name; pass 'executable' and 'symbols' for it directly`,
    );
  }
  return targets;
}

const same = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

async function checkPe(file: string, imageKey: string, pdbKey: string | null): Promise<string | null> {
  let pe;
  try {
    pe = await readPeIdentity(file);
  } catch (e) {
    return unreadable(e);
  }
  if (!same(pe.imageKey, imageKey)) return `another build (image key ${pe.imageKey})`;
  // Two links in the same second to the same size share an image key; the PDB GUID tells them apart.
  if (pdbKey !== null && pe.pdbKey !== null && !same(pe.pdbKey, pdbKey)) return `another build (PDB key ${pe.pdbKey})`;
  return null;
}

async function checkPdb(file: string, key: string): Promise<string | null> {
  try {
    const pdb = await readPdbIdentity(file);
    return same(pdb.key, key) ? null : `another build (PDB key ${pdb.key})`;
  } catch (e) {
    return unreadable(e);
  }
}

async function checkElf(file: string, buildId: string): Promise<string | null> {
  let id;
  try {
    id = await readExecutableBuildId(file);
  } catch (e) {
    return unreadable(e);
  }
  if (id === null) return 'no build id (not an ELF file, or linked without --build-id)';
  return id === buildId ? null : `another build (build id ${id})`;
}

/** A file that cannot be read as what it is named is no match; the reason, in short, says why. */
function unreadable(error: unknown): string {
  if (error instanceof CrashAutofixError) return `unreadable: ${error.message.replace(/^.*? (is|cannot|does) /, '$1 ').replace(/;.*$/, '')}`;
  if (errnoCode(error) !== null) return `unreadable: ${errnoWords(error)}`;
  throw error;
}
