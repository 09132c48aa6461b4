/**
 * The GitHub stand-in's view of workflow artifacts, for a job that reads the
 * artifacts of another workflow run (@actions/artifact with `findBy`): the run's
 * artifact list, and the download that answers 302 with a signed blob URL, as
 * GitHub does. The artifacts themselves live in the artifact service stand-in,
 * which implements ArtifactLookup.
 */
import { notFound, type RouteContext, type RouteResult } from './github-api-server-routes.js';

export interface RunArtifact {
  id: number;
  name: string;
  size: number;
  digest: string | null;
  createdAt: string;
}

export interface ArtifactLookup {
  /** Finalized artifacts of the workflow run with this REST id (GITHUB_RUN_ID). */
  runArtifacts(runId: number): RunArtifact[];
  /** Every finalized artifact of the repository with the REST id of its run, newest first. */
  repoArtifacts(): Array<RunArtifact & { runId: number }>;
  /** A short-lived signed URL of the artifact's zip; null for an unknown id. */
  signedDownloadUrl(id: number): string | null;
}

export function artifactRoutes(lookup: ArtifactLookup): Record<string, (ctx: RouteContext) => RouteResult> {
  const list = (ctx: RouteContext, listed: Array<RunArtifact & { runId: number }>): RouteResult => {
    const perPage = Math.min(Number(ctx.query.get('per_page') ?? 30), 100);
    const current = Number(ctx.query.get('page') ?? 1);
    const api = ctx.url.slice(0, ctx.url.indexOf('/repos/'));
    const repoUrl = `${api}/repos/${ctx.params['owner'] ?? ''}/${ctx.params['repo'] ?? ''}`;
    const expires = new Date(Date.now() + 90 * 86_400_000).toISOString();
    const artifacts = listed.slice((current - 1) * perPage, current * perPage).map((a) => ({
        id: a.id,
        node_id: Buffer.from(`Artifact${a.id}`).toString('base64'),
        name: a.name,
        size_in_bytes: a.size,
        url: `${repoUrl}/actions/artifacts/${a.id}`,
        archive_download_url: `${repoUrl}/actions/artifacts/${a.id}/zip`,
        expired: false,
        created_at: a.createdAt,
        updated_at: a.createdAt,
        expires_at: expires,
      ...(a.digest ? { digest: a.digest } : {}),
      workflow_run: { id: a.runId, head_branch: 'main', head_sha: '0'.repeat(40) },
    }));
    return { status: 200, body: { total_count: listed.length, artifacts } };
  };
  return {
    'actions/list-workflow-run-artifacts': (ctx) => {
      const runId = Number(ctx.params['run_id']);
      const name = ctx.query.get('name');
      return list(ctx, lookup.runArtifacts(runId).filter((a) => name === null || a.name === name).map((a) => ({ ...a, runId })));
    },
    'actions/list-artifacts-for-repo': (ctx) => {
      const name = ctx.query.get('name');
      return list(ctx, lookup.repoArtifacts().filter((a) => name === null || a.name === name));
    },
    'actions/download-artifact': (ctx) => {
      if (ctx.params['archive_format'] !== 'zip') return notFound();
      const location = lookup.signedDownloadUrl(Number(ctx.params['artifact_id']));
      return location === null ? notFound() : { status: 302, headers: { location } };
    },
  };
}
