import { identifyDump, type DumpKind } from '../adapters/dump-file/identify-dump.js';
import { readCoreModules } from '../adapters/elf/elf-build-id.js';
import { baseName } from '../adapters/minidump/minidump-module-list.js';
import type { CodeViewRecord, Minidump, MinidumpModule } from '../adapters/minidump/minidump-types.js';
import { readMinidump } from '../adapters/minidump/read-minidump.js';
import { isWindows } from '../adapters/minidump/system-info.js';
import { imageStoreKey, pdb20StoreKey, pdbStoreKey } from '../adapters/pe/symbol-store-key.js';

/** The build a module of a dump came from, as far as the dump records it. */
export interface ModuleBuild {
  /** File name as the dump records it (`crashme.exe`, `libc.so.6`). */
  name: string;
  /** Full path on the machine that crashed. */
  path: string;
  /** Windows images: `%08X%x` of TimeDateStamp and SizeOfImage (`name.exe/<key>/name.exe` in a symbol store). */
  imageKey: string | null;
  /** The PDB the image was linked with: its file name and its key (`name.pdb/<key>/name.pdb`). */
  pdb: { name: string; key: string } | null;
  /** ELF modules: the GNU build id in hex (`.build-id/xx/rest`). */
  buildId: string | null;
}

export interface DumpBuild {
  dump: string;
  kind: DumpKind;
  /** The program that crashed; null when the dump does not say which module it is. */
  program: ModuleBuild | null;
  /** Every module the dump lists, the program first; the bucketing keys modules by build. */
  modules: ModuleBuild[];
}

/**
 * Which builds a dump asks for. A minidump names every module with its
 * CodeView record and PE header fields; the process executable is its first
 * module (dbghelp, breakpad and crashpad all write it first). An ELF core
 * names its mapped files in NT_FILE and holds each one's first page, with
 * its build-id note; AT_ENTRY says which is the program.
 */
export async function readDumpBuild(dump: string): Promise<DumpBuild> {
  const kind = await identifyDump(dump);
  if (kind === 'minidump') {
    const md = await readMinidump(dump);
    const modules = md.modules.map((m) => minidumpModuleBuild(md, m));
    return { dump, kind, program: modules[0] ?? null, modules };
  }
  const core = (await readCoreModules(dump)) ?? [];
  const modules = core.map((m) => ({ name: baseName(m.path), path: m.path, imageKey: null, pdb: null, buildId: m.buildId }));
  return { dump, kind, program: core[0]?.isProgram ? (modules[0] ?? null) : null, modules };
}

function minidumpModuleBuild(md: Minidump, m: MinidumpModule): ModuleBuild {
  const cv = m.codeView;
  // TimeDateStamp and SizeOfImage key PE images; breakpad leaves them 0 for ELF and Mach-O modules.
  const windows = md.systemInfo ? isWindows(md.systemInfo.platform) : cv?.format === 'pdb70' || cv?.format === 'pdb20';
  return {
    name: m.name,
    path: m.path,
    imageKey: windows ? imageStoreKey(m.timeDateStamp, m.size) : null,
    // Breakpad puts a Linux or macOS module's own path in a PDB-shaped record: no PDB to look for.
    pdb: windows ? pdbOf(cv) : null,
    buildId: cv?.format === 'elf' ? cv.buildId : null,
  };
}

function pdbOf(cv: CodeViewRecord | null): ModuleBuild['pdb'] {
  if (cv?.format === 'pdb70' && cv.pdbName !== '') return { name: baseName(cv.pdbName), key: pdbStoreKey(cv.guid, cv.age) };
  if (cv?.format === 'pdb20' && cv.pdbName !== '') return { name: baseName(cv.pdbName), key: pdb20StoreKey(cv.signature, cv.age) };
  return null;
}

/**
 * The crashed program's build as the crash database keys it: the GNU build id,
 * else the PE image key — what a release records for the programs it ships
 * (release/pack-release.ts), so a dump and a release name a build alike.
 */
export async function dumpProgramBuild(dump: string): Promise<string | null> {
  const build = await readDumpBuild(dump).catch(() => null);
  return build?.program?.buildId ?? build?.program?.imageKey ?? null;
}

/** One line naming what a module's build is known by, for logs and messages. */
export function describeModuleBuild(m: ModuleBuild): string {
  const parts: string[] = [];
  if (m.imageKey !== null) parts.push(`image key ${m.imageKey}`);
  if (m.pdb) parts.push(`${m.pdb.name} ${m.pdb.key}`);
  if (m.buildId !== null) parts.push(`build id ${m.buildId}`);
  return `${m.name || '(unnamed module)'} (${parts.length > 0 ? parts.join(', ') : 'no build id recorded'})`;
}
