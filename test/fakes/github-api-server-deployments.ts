/**
 * The GitHub stand-in's Deployments: create (refusing a ref it does not know
 * and checking the environment name), list with GitHub's filters, and
 * statuses, with `auto_inactive` turning the environment's older successful
 * deployments inactive as GitHub does.
 */
import type { RouteContext, RouteResult } from './github-api-server-routes.js';
import { notFound, validationFailed } from './github-api-server-routes.js';

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  description: string | null;
  payload: Record<string, unknown>;
  production: boolean;
  transient: boolean;
  creator: string;
  createdAt: string;
  statuses: Array<{ id: number; state: string; description: string; logUrl: string; environmentUrl: string; creator: string; createdAt: string }>;
}

/** What the stand-in keeps; GitHubState holds one. */
export class DeploymentBook {
  readonly deployments: DeploymentRecord[] = [];
  private nextStatus = 1;
  statusId(): number {
    return this.nextStatus++;
  }
  /** The newest status of a deployment, as the Environments page shows it. */
  stateOf(id: number): string | null {
    const d = this.deployments.find((x) => x.id === id);
    return d?.statuses[d.statuses.length - 1]?.state ?? null;
  }
}

type Route = (ctx: RouteContext) => RouteResult;

function shape(ctx: RouteContext, d: DeploymentRecord): Record<string, unknown> {
  const base = ctx.url.replace(/\/deployments.*$/, '');
  const url = `${base}/deployments/${d.id}`;
  return {
    url, id: d.id, node_id: `DE_${d.id}`, sha: d.sha, ref: d.ref, task: d.task, payload: d.payload, original_environment: d.environment, environment: d.environment,
    description: d.description, creator: ctx.shapes.user(d.creator), created_at: d.createdAt, updated_at: d.statuses[d.statuses.length - 1]?.createdAt ?? d.createdAt,
    statuses_url: `${url}/statuses`, repository_url: base, transient_environment: d.transient, production_environment: d.production,
  };
}

function statusShape(ctx: RouteContext, d: DeploymentRecord, s: DeploymentRecord['statuses'][number]): Record<string, unknown> {
  const base = ctx.url.replace(/\/deployments.*$/, '');
  return {
    url: `${base}/deployments/${d.id}/statuses/${s.id}`, id: s.id, node_id: `DES_${s.id}`, state: s.state, creator: ctx.shapes.user(s.creator), description: s.description,
    environment: d.environment, target_url: s.logUrl || `${base}/deployments/${d.id}`, created_at: s.createdAt, updated_at: s.createdAt, deployment_url: `${base}/deployments/${d.id}`,
    repository_url: base, ...(s.environmentUrl ? { environment_url: s.environmentUrl } : {}), ...(s.logUrl ? { log_url: s.logUrl } : {}),
  };
}

export const DEPLOYMENT_ROUTES: Record<string, Route> = {
  'repos/create-deployment': (ctx) => {
    const { body, state } = ctx;
    const ref = typeof body.ref === 'string' ? body.ref : '';
    const sha = /^[0-9a-f]{40}$/.test(ref) ? ref : (state.headOf?.(ref) ?? null);
    if (sha === null) return { status: 409, body: { message: `No ref found for: ${ref}`, documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment' } };
    const environment = typeof body.environment === 'string' ? body.environment : 'production';
    if (environment.length > 255) return validationFailed('Deployment', 'environment', 'invalid', 'environment is too long');
    const book = state.deploymentBook;
    const record: DeploymentRecord = {
      id: 9000 + book.deployments.length, sha, ref, task: typeof body.task === 'string' ? body.task : 'deploy', environment,
      description: typeof body.description === 'string' ? body.description : null, payload: typeof body.payload === 'object' && body.payload !== null ? (body.payload as Record<string, unknown>) : {},
      production: body.production_environment === true || (body.production_environment === undefined && environment === 'production'), transient: body.transient_environment === true,
      creator: ctx.actor, createdAt: new Date().toISOString(), statuses: [],
    };
    book.deployments.push(record);
    return { status: 201, body: shape(ctx, record) };
  },

  'repos/list-deployments': (ctx) => {
    const q = ctx.query;
    const list = ctx.state.deploymentBook.deployments
      .filter((d) => (!q.get('environment') || d.environment === q.get('environment')) && (!q.get('sha') || d.sha === q.get('sha')) && (!q.get('task') || d.task === q.get('task')) && (!q.get('ref') || d.ref === q.get('ref')))
      .sort((a, b) => b.id - a.id);
    return { status: 200, body: list.map((d) => shape(ctx, d)) };
  },

  'repos/create-deployment-status': (ctx) => {
    const { body, state, params } = ctx;
    const book = state.deploymentBook;
    const d = book.deployments.find((x) => x.id === Number(params.deployment_id));
    if (!d) return notFound();
    const status = { id: book.statusId(), state: String(body.state), description: typeof body.description === 'string' ? body.description : '', logUrl: typeof body.log_url === 'string' ? body.log_url : '', environmentUrl: typeof body.environment_url === 'string' ? body.environment_url : '', creator: ctx.actor, createdAt: new Date().toISOString() };
    d.statuses.push(status);
    // GitHub: a new success makes the environment's other non-transient, non-production successes inactive.
    if (status.state === 'success' && body.auto_inactive !== false) {
      for (const other of book.deployments) {
        if (other !== d && other.environment === d.environment && book.stateOf(other.id) === 'success') other.statuses.push({ ...status, id: book.statusId(), state: 'inactive', description: 'superseded' });
      }
    }
    return { status: 201, body: statusShape(ctx, d, status) };
  },

  'repos/list-deployment-statuses': (ctx) => {
    const d = ctx.state.deploymentBook.deployments.find((x) => x.id === Number(ctx.params.deployment_id));
    return d ? { status: 200, body: [...d.statuses].reverse().map((s) => statusShape(ctx, d, s)) } : notFound();
  },
};
