/**
 * What the fix stage may write. Model output is untrusted: whatever it asks
 * for, only paths and contents that pass these rules are ever written.
 */
export interface FixPolicy {
  /** Globs (picomatch, case-sensitive) a written path must match; default `['**']`. */
  allowedPaths: string[];
  /** Globs (case-insensitive) of sensitive code: writable only with `allowCoreChanges`, then flagged. */
  corePaths: string[];
  allowCoreChanges: boolean;
  /** Extra never-writable globs (case-insensitive), added to BUILT_IN_PROTECTED_PATHS. */
  protectedPaths: string[];
  /** Build files (BUILD_FILE_PATHS, `buildScripts`) run on the runner when the fix is built: writable only with this, then flagged. */
  allowBuildFileChanges: boolean;
  /** Repository-relative scripts the settings run (`build-command` and friends), treated as build files. */
  buildScripts: string[];
  /** Cap on one edit's `new_text`, in UTF-8 bytes. */
  maxEditBytes: number;
  /** Cap on the sum of every edit's `new_text`, in UTF-8 bytes. */
  maxTotalBytes: number;
}

export const DEFAULT_FIX_POLICY: Readonly<FixPolicy> = Object.freeze({
  allowedPaths: ['**'],
  corePaths: [],
  allowCoreChanges: false,
  protectedPaths: [],
  allowBuildFileChanges: false,
  buildScripts: [],
  maxEditBytes: 64 * 1024,
  maxTotalBytes: 256 * 1024,
});

export function fixPolicy(overrides: Partial<FixPolicy> = {}): FixPolicy {
  return { ...DEFAULT_FIX_POLICY, ...overrides };
}

/**
 * Never writable, whatever the settings say. CI definitions run with the
 * repository's secrets when the pull request is pushed; `.gitattributes` can
 * hide a change from review (`-diff`) or alter checkouts, `.gitmodules` can
 * point at other repositories; CODEOWNERS decides who must review.
 */
export const BUILT_IN_PROTECTED_PATHS: readonly string[] = [
  '.github/**',
  '.github',
  '**/.gitattributes',
  '**/.gitmodules',
  '**/.gitignore',
  'CODEOWNERS',
  'docs/CODEOWNERS',
  '.gitlab-ci.yml',
  '.gitlab/**',
  '.circleci/**',
  '.travis.yml',
  'azure-pipelines.yml',
  '.azure-pipelines/**',
  'Jenkinsfile',
  '.buildkite/**',
  'appveyor.yml',
  '.appveyor.yml',
];

/**
 * Files that build systems execute: a change to one runs on the runner as
 * soon as the fix is configured, before any person has read it.
 */
export const BUILD_FILE_PATHS: readonly string[] = [
  '**/CMakeLists.txt',
  '**/*.cmake',
  '**/*.cmake.in',
  '**/CMakePresets.json',
  '**/CMakeUserPresets.json',
  '**/*.vcxproj',
  '**/*.vcxproj.filters',
  '**/*.vcxproj.user',
  '**/*.sln',
  '**/*.props',
  '**/*.targets',
  '**/Directory.Build.*',
  '**/Makefile',
  '**/GNUmakefile',
  '**/makefile',
  '**/*.mk',
  '**/*.ninja',
  '**/meson.build',
  '**/meson_options.txt',
  '**/configure',
  '**/configure.ac',
  '**/Makefile.am',
  '**/Makefile.in',
  '**/conanfile.*',
  '**/vcpkg.json',
  '**/vcpkg-configuration.json',
  '**/*.sh',
  '**/*.bash',
  '**/*.bat',
  '**/*.cmd',
  '**/*.ps1',
  '**/*.psm1',
];

/** Extensions of files that are never text a fix should touch (binaries, dumps, archives, images). */
export const BINARY_EXTENSIONS: ReadonlySet<string> = new Set([
  'exe', 'dll', 'so', 'dylib', 'a', 'lib', 'pdb', 'ilk', 'exp', 'dmp', 'mdmp', 'core', 'o', 'obj', 'ko', 'elf', 'bin', 'hex',
  'class', 'jar', 'war', 'pyc', 'pyo', 'wasm', 'node', 'msi', 'cab', 'sys', 'efi',
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'icns', 'tif', 'tiff', 'webp', 'psd',
  'zip', '7z', 'rar', 'gz', 'tgz', 'bz2', 'xz', 'zst', 'tar', 'lz4', 'iso', 'dmg', 'deb', 'rpm',
  'pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx',
  'ttf', 'otf', 'woff', 'woff2', 'mp3', 'mp4', 'wav', 'avi', 'mov', 'ogg', 'flac',
  'sqlite', 'db', 'mdb', 'pch', 'gch', 'ipch', 'idb', 'res', 'pfx', 'p12', 'der', 'keystore',
]);
