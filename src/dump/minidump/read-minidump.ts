import { open, type FileHandle } from 'node:fs/promises';
import { CrashAutofixError } from '../../errors.js';
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
import { readModules } from './module-list.js';
import { StreamType } from './stream-types.js';
import { readMiscInfo, readSystemInfo } from './system-info.js';
import { readThreadNames, readThreads } from './thread-list.js';

/**
 * Reads a minidump with bounded reads: the header, the directory and the
 * streams it needs, never the memory the dump holds. Throws a one-line
 * `bad-input` error for a file that is not a minidump, is truncated or damaged.
 */
export async function readMinidump(file: string): Promise<Minidump> {
  const handle = await openDump(file);
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new CrashAutofixError('bad-input', `Dump ${file} is a folder; pass the .dmp file itself`);
    return await parseMinidump(fileSource(handle, info.size), file);
  } finally {
    await handle.close();
  }
}

async function openDump(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CrashAutofixError('bad-input', `Dump ${file} does not exist; check the 'dump' path`, { cause: e });
    if (code === 'EISDIR') throw new CrashAutofixError('bad-input', `Dump ${file} is a folder; pass the .dmp file itself`, { cause: e });
    throw new CrashAutofixError('bad-input', `Cannot read dump ${file}: ${(e as Error).message}`, { cause: e });
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
