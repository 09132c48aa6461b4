import { asFileError, type FileRole } from '../../base/fs/fs-error.js';
import { openRegularFile } from '../../base/fs/read-text-file.js';
import {
  readAssertion,
  readBreakpadInfo,
  readLinuxCommandLine,
  readMemory64List,
  readMemoryInfoCount,
  readMemoryList,
  readUnloadedModuleCount,
} from './auxiliary-streams.js';
import { fileSource, memorySource, type ByteSource } from './byte-source.js';
import { summariseCrash } from './crash-summary.js';
import { DumpReader } from './dump-reader.js';
import { readException } from './exception-stream.js';
import { readHeaderAndDirectory } from './header.js';
import type { Minidump, StreamEntry } from './minidump-types.js';
import { readModules } from './minidump-module-list.js';
import { StreamType } from './stream-types.js';
import { readMiscInfo, readSystemInfo } from './system-info.js';
import { readThreadNames, readThreads } from './thread-list.js';

export const MINIDUMP_ROLE: FileRole = { what: 'Dump', kind: 'bad-input', fix: "check the 'dump' path", folderFix: 'pass the .dmp file itself' };

/**
 * Reads a minidump with bounded reads: the header, the directory and the
 * streams it needs, never the memory the dump holds. Throws a one-line
 * `bad-input` error for a file that is not a minidump, is truncated or damaged.
 */
export async function readMinidump(file: string): Promise<Minidump> {
  const { handle, size } = await openRegularFile(file, MINIDUMP_ROLE);
  try {
    return await parseMinidump(fileSource(handle, size), file);
  } catch (e) {
    throw asFileError(file, MINIDUMP_ROLE, e);
  } finally {
    await handle.close();
  }
}

/** Parses a minidump from bytes in memory or any random-access source; `file` names it in errors. */
export async function parseMinidump(input: Uint8Array | ByteSource, file: string): Promise<Minidump> {
  const reader = new DumpReader(input instanceof Uint8Array ? memorySource(input) : input, file);
  const { header, streams } = await readHeaderAndDirectory(reader);
  // The first stream of each type wins, as in breakpad and rust-minidump.
  const find = (type: number): StreamEntry | undefined => streams.find((s) => s.type === type);
  const optional = async <T>(type: number, read: (r: DumpReader, e: StreamEntry) => Promise<T>): Promise<T | null> => {
    const entry = find(type);
    return entry ? read(reader, entry) : null;
  };

  const systemInfo = await optional(StreamType.SystemInfo, readSystemInfo);
  const cpu = systemInfo?.cpu ?? null;
  const threads = await readThreads(reader, find(StreamType.ThreadList), find(StreamType.ThreadExList), cpu);
  const names = await optional(StreamType.ThreadNames, readThreadNames);
  for (const t of threads) t.name = names?.get(t.id) ?? null;
  const modules = (await optional(StreamType.ModuleList, readModules)) ?? [];
  const exceptionStream = await optional(StreamType.Exception, (r, e) => readException(r, e, cpu));
  const exception = exceptionStream?.exception ?? null;

  return {
    file,
    fileSize: reader.size,
    header,
    streams,
    systemInfo,
    miscInfo: await optional(StreamType.MiscInfo, readMiscInfo),
    breakpadInfo: await optional(StreamType.BreakpadInfo, readBreakpadInfo),
    assertion: await optional(StreamType.BreakpadAssertionInfo, readAssertion),
    threads,
    modules,
    unloadedModuleCount: await optional(StreamType.UnloadedModuleList, readUnloadedModuleCount),
    memoryInfoCount: await optional(StreamType.MemoryInfoList, readMemoryInfoCount),
    memory: await optional(StreamType.MemoryList, readMemoryList),
    memory64: await optional(StreamType.Memory64List, readMemory64List),
    commandLine: await optional(StreamType.LinuxCmdLine, readLinuxCommandLine),
    exception,
    crash: exception && exceptionStream ? summariseCrash(exception, threads, modules, systemInfo, exceptionStream.contextCpu) : null,
  };
}
