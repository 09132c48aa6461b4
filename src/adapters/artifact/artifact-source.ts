/** Another workflow run's artifacts, read through the REST API with a token that has `actions: read`. */
export interface ArtifactRun {
  runId: number;
  owner: string;
  repo: string;
  token: string;
}

/** Where a later job gets an earlier job's records back: the workflow artifact it uploaded. */
export interface ArtifactSource {
  /**
   * Downloads artifact `name` from this workflow run, or from `run` when given,
   * and unpacks its files into `dir`. Throws one clear line when there is no
   * such artifact or it arrives damaged.
   */
  download(name: string, dir: string, run: ArtifactRun | null): Promise<{ id: number }>;
}

export function describeRun(run: ArtifactRun | null): string {
  return run === null ? 'this workflow run' : `workflow run ${run.runId} of ${run.owner}/${run.repo}`;
}
