/**
 * The environment of processes that build or run repository code (cmake, the
 * compiler, ctest, test-, repro- and build-commands, static analysis). That
 * code may have been written by the model, so it gets an allow-list, never
 * the parent's environment: no API key, no token, no `INPUT_*`, no `ACTIONS_*`.
 */

/** Exact names a compiler, cmake or a test needs to run (MSVC's developer prompt included). */
const ALLOWED_NAMES: readonly string[] = [
  'PATH', 'PATHEXT', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TERM', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TEMP', 'TMP',
  'USERPROFILE', 'USERNAME', 'USERDOMAIN', 'HOMEDRIVE', 'HOMEPATH', 'APPDATA', 'LOCALAPPDATA', 'ProgramData',
  'SystemRoot', 'SystemDrive', 'windir', 'ComSpec', 'OS', 'NUMBER_OF_PROCESSORS', 'PROCESSOR_ARCHITECTURE',
  'PROCESSOR_IDENTIFIER', 'ProgramFiles', 'ProgramFiles(x86)', 'ProgramW6432', 'CommonProgramFiles',
  'CommonProgramFiles(x86)', 'CommonProgramW6432', 'PSModulePath',
  // MSVC and the Windows SDK, as vcvarsall.bat sets them.
  'INCLUDE', 'LIB', 'LIBPATH', 'EXTERNAL_INCLUDE', 'VCINSTALLDIR', 'VCToolsInstallDir', 'VCToolsRedistDir', 'VCToolsVersion',
  'VCIDEInstallDir', 'VSINSTALLDIR', 'VisualStudioVersion', 'VS170COMNTOOLS', 'VS160COMNTOOLS', 'DevEnvDir', 'Platform',
  'WindowsSdkDir', 'WindowsSdkBinPath', 'WindowsSdkVerBinPath', 'WindowsSDKLibVersion', 'WindowsSDKVersion', 'WindowsLibPath',
  'UCRTVersion', 'UniversalCRTSdkDir', 'ExtensionSdkDir', 'FrameworkDir', 'FrameworkDir64', 'FrameworkVersion',
  'FrameworkVersion64', 'FSHARPINSTALLDIR', 'NETFXSDKDir', '__VSCMD_PREINIT_PATH', 'VSCMD_VER',
  // Compilers, cmake and pkg-config.
  'CC', 'CXX', 'CFLAGS', 'CXXFLAGS', 'CPPFLAGS', 'LDFLAGS', 'LIBRARY_PATH', 'LD_LIBRARY_PATH', 'CPATH', 'C_INCLUDE_PATH',
  'CPLUS_INCLUDE_PATH', 'PKG_CONFIG_PATH', 'CMAKE_GENERATOR', 'CMAKE_PREFIX_PATH', 'CMAKE_BUILD_PARALLEL_LEVEL',
  'CTEST_PARALLEL_LEVEL', 'CTEST_OUTPUT_ON_FAILURE', 'MAKEFLAGS', 'SOURCE_DATE_EPOCH', 'BOOST_ROOT', 'OPENSSL_ROOT_DIR',
  'MYSQL_ROOT', 'VCPKG_ROOT', 'SCCACHE_DIR', 'SCCACHE_CACHE_SIZE',
];
/**
 * What our own tools need on top (git over SSH or a proxy, symbol servers for
 * gdb and cdb); they run no repository code, but get no secret either.
 */
export const TOOL_NAMES: readonly string[] = [
  'SSH_AUTH_SOCK', 'SSH_AGENT_PID', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_SSH_VARIANT', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'all_proxy',
  '_NT_SYMBOL_PATH', '_NT_ALT_SYMBOL_PATH', '_NT_SOURCE_PATH', '_NT_EXECUTABLE_IMAGE_PATH', 'DEBUGINFOD_URLS', 'DEBUGINFOD_CACHE_PATH',
];
/** Name prefixes that are settings, never credentials. */
const ALLOWED_PREFIXES: readonly string[] = ['LC_', 'VSCMD_ARG_', 'CCACHE_'];

/**
 * Never passed, not even when `pass-env` names them: the runner's and the
 * model's credentials. `pass-env` that names one is a settings error.
 */
const SECRET_NAME = /^(?:INPUT_|ACTIONS_|ANTHROPIC_|GITHUB_TOKEN$|GH_TOKEN$|GH_ENTERPRISE_TOKEN$|GITHUB_PAT|RUNNER_TOKEN$)/i;

export interface ChildEnvironmentOptions {
  /** Names the user passes through on top of the allow-list (`pass-env`). */
  passEnv: readonly string[];
  platform: NodeJS.Platform;
  /** Values that must never reach a child, whatever variable holds them. */
  secrets: readonly string[];
}

/** True when `pass-env` may not name this variable. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** The allow-listed copy of `source`; on Windows names match case-insensitively, as Windows does. */
export function childEnvironment(source: Readonly<Record<string, string | undefined>>, options: ChildEnvironmentOptions): Record<string, string> {
  const fold = options.platform === 'win32' ? (s: string): string => s.toUpperCase() : (s: string): string => s;
  const names = new Set([...ALLOWED_NAMES, ...options.passEnv].map(fold));
  const prefixes = ALLOWED_PREFIXES.map(fold);
  const secrets = options.secrets.filter((s) => s.length >= 6);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || isSecretName(name)) continue;
    const folded = fold(name);
    if (!names.has(folded) && !prefixes.some((p) => folded.startsWith(p))) continue;
    if (secrets.some((s) => value.includes(s))) continue;
    out[name] = value;
  }
  return out;
}
