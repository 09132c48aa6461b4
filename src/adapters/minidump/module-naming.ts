import type { Minidump, MinidumpModule } from './minidump-types.js';
import { isWindows } from './system-info.js';

/**
 * cdb names a Windows module by its file name without the extension, with
 * characters other than letters, digits and `_` turned into `_`
 * (`api-ms-win-crt-heap-l1-1-0.dll` -> `api_ms_win_crt_heap_l1_1_0`); gdb
 * keeps the file name (`libc.so.6`). Using the same names keeps crash
 * signatures equal whichever tool read the dump.
 */
export function moduleNamer(md: Minidump): (m: MinidumpModule) => string {
  const windows = md.systemInfo ? isWindows(md.systemInfo.platform) : (md.exception?.code ?? 0) > 0xffff;
  if (!windows) return (m) => m.name;
  return (m) => {
    const dot = m.name.lastIndexOf('.');
    const stem = dot > 0 ? m.name.slice(0, dot) : m.name;
    return stem.replace(/[^A-Za-z0-9_]/g, '_');
  };
}
