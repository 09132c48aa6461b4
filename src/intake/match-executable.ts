import { readExecutableBuildId } from '../adapters/elf/elf-build-id.js';
import { readPeIdentity } from '../adapters/pe/pe-identity.js';
import type { ModuleBuild } from './build-identity.js';

/**
 * Whether a given executable is the build a dump's program came from:
 * `other` only when both sides have a readable id and they differ; a file or
 * dump without an id is `unknown` (the debugger then decides).
 */
export type ExecutableMatch = { kind: 'same' } | { kind: 'other'; id: string } | { kind: 'unknown' };

export async function matchExecutable(program: ModuleBuild, file: string): Promise<ExecutableMatch> {
  if (program.buildId !== null) {
    const id = await readExecutableBuildId(file).catch(() => null);
    if (id === null) return { kind: 'unknown' };
    return id.toLowerCase() === program.buildId.toLowerCase() ? { kind: 'same' } : { kind: 'other', id: `build id ${id}` };
  }
  if (program.imageKey !== null) {
    const pe = await readPeIdentity(file).catch(() => null);
    if (pe === null) return { kind: 'unknown' };
    if (pe.imageKey.toUpperCase() !== program.imageKey.toUpperCase()) return { kind: 'other', id: `image key ${pe.imageKey}` };
    // Two links in the same second to the same size share an image key; the PDB GUID tells them apart.
    const pdbKey = program.pdb?.key ?? null;
    if (pdbKey !== null && pe.pdbKey !== null && pe.pdbKey.toUpperCase() !== pdbKey.toUpperCase()) return { kind: 'other', id: `PDB key ${pe.pdbKey}` };
    return { kind: 'same' };
  }
  return { kind: 'unknown' };
}
