/** A module of the dump and the build it names (GNU build id, PDB key or PE image key). */
export interface ModuleBuildId {
  name: string;
  id: string | null;
}

/**
 * The bucket a dump goes into before any debugger runs. `stable`: named
 * frames decided, so it is the signature the debugger gives too, across
 * rebuilds. `build`: only module offsets were at hand, so the key includes
 * the builds of the modules it names and holds within those builds only.
 */
export interface DumpBucket {
  signature: string;
  scope: 'stable' | 'build';
  kind: string;
  exception: string;
  culprit: string | null;
  program: string | null;
  build: string | null;
  /** What was hashed, for the report: names, or `module+offset@build` labels. */
  basis: string[];
}
