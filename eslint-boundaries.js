// @ts-check
/**
 * The house's floors: each folder of src/ and what it may import. Imports flow
 * one way: entry points → composition → settings, pipeline → stages →
 * capabilities (intake, triage, analysis, fix, toolchain, publish, approval, release) → adapters →
 * domain and base. A folder missing here, or an import against this table,
 * fails lint.
 */
const BELOW_CAPABILITIES = ['adapter', 'domain', 'base'];

/** @type {Record<string, string[]>} */
export const LAYERS = {
  entrypoints: ['composition', 'settings', 'pipeline', ...BELOW_CAPABILITIES],
  composition: ['settings', 'pipeline', 'stages', 'intake', 'triage', 'analysis', 'fix', 'toolchain', 'publish', 'approval', 'release', ...BELOW_CAPABILITIES],
  settings: ['analysis', 'toolchain', 'release', ...BELOW_CAPABILITIES],
  pipeline: ['domain', 'base'],
  stages: ['intake', 'triage', 'analysis', 'fix', 'toolchain', 'publish', 'approval', 'release', ...BELOW_CAPABILITIES],
  intake: BELOW_CAPABILITIES,
  triage: BELOW_CAPABILITIES,
  analysis: BELOW_CAPABILITIES,
  fix: BELOW_CAPABILITIES,
  toolchain: BELOW_CAPABILITIES,
  // The approval gate and the review loop: decisions from GitHub's reviews, and what is said on the pull request.
  approval: BELOW_CAPABILITIES,
  release: BELOW_CAPABILITIES,
  // A pull request shows the crash report that triage rendered.
  publish: ['triage', ...BELOW_CAPABILITIES],
  adapter: ['domain', 'base'],
  domain: [],
  base: [],
};

/** Adapters are one folder per external tool; these few build on another's. */
export const ADAPTER_USES = {
  cdb: ['exec'],
  gdb: ['exec', 'elf', 'dump-file'],
  git: ['exec'],
  probe: ['exec'],
  symbolizer: ['exec'],
  native: ['minidump', 'elf', 'dump-file', 'pe', 'symbolizer'],
  'dump-file': ['elf', 'minidump'],
  // The stack walker (frame pointer, scan, x64 unwind data) serves both dump formats.
  minidump: ['stack-walk'],
  elf: ['stack-walk'],
};

export const elements = [
  ...Object.keys(LAYERS)
    .filter((type) => type !== 'adapter')
    .map((type) => ({ type, pattern: `src/${type}` })),
  { type: 'adapter', pattern: 'src/adapters/*', capture: ['name'] },
];

export const policies = [
  ...Object.entries(LAYERS)
    .filter(([, allowed]) => allowed.length > 0)
    .map(([type, allowed]) => ({ from: { element: { type } }, allow: { to: { element: { type: allowed } } } })),
];

/** Adapter to adapter: only the pairs in ADAPTER_USES (the layer table above lets every adapter reach domain and base). */
export const adapterPolicies = Object.entries(ADAPTER_USES).map(([name, uses]) => ({
  from: { element: { type: 'adapter', captured: { name } } },
  allow: { to: { element: { type: 'adapter', captured: { name: uses } } } },
}));
