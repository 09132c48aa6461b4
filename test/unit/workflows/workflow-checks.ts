/**
 * The static checks every shipped workflow passes; each returns one line per problem, naming the file,
 * the job and the step, so a test can show both that the shipped files pass and that a bad file fails.
 */
import { ancestors, evaluate } from './job-scenarios.js';
import { environmentName, type JobInfo, type WorkflowInfo } from './load-workflow.js';

/** This repository, as the shipped workflows name it: its own actions may follow a release tag. */
export const OWN_REPOSITORY = 'your-org/crash-autofix';
export const APPROVAL_ENVIRONMENT = 'crash-fix-approval';

const FULL_SHA = /^[0-9a-f]{40}$/;

/** `${{ }}` inside `run:` puts its value into the shell script: pass it through `env:` instead. */
export function expressionsInRun(workflow: WorkflowInfo): string[] {
  return workflow.jobs.flatMap((job) =>
    job.steps.filter((s) => s.runHasExpression).map((s) => `${workflow.file}: job '${job.id}' step ${s.index} (${s.label}) has an expression in run: (${s.run}); pass it through env:`),
  );
}

/** Every third-party action or reusable workflow is pinned to a full commit SHA; our own may use a tag. */
export function unpinnedUses(workflow: WorkflowInfo): string[] {
  const refs = workflow.jobs.flatMap((job) => [
    ...job.steps.filter((s) => s.uses !== undefined).map((s) => ({ where: `job '${job.id}' step ${s.index}`, uses: s.uses ?? '' })),
    ...(job.workflowRef ? [{ where: `job '${job.id}'`, uses: job.workflowRef }] : []),
  ]);
  return refs.filter(({ uses }) => !isPinned(uses)).map(({ where, uses }) => `${workflow.file}: ${where} uses ${uses}, not pinned to a full commit SHA`);
}

function isPinned(uses: string): boolean {
  if (uses.startsWith('./')) return true;
  if (uses.startsWith('docker://')) return /@sha256:[0-9a-f]{64}$/.test(uses);
  const at = uses.lastIndexOf('@');
  if (at < 0) return false;
  const [owner, name] = uses.slice(0, at).split('/');
  if (`${owner}/${name}` === OWN_REPOSITORY) return true;
  return FULL_SHA.test(uses.slice(at + 1));
}

/** A job merges when it runs the approve action; deploys or promotes when its id or an action says so. */
export function isGatedJob(job: JobInfo): boolean {
  if (/deploy|promote|merge|stress/i.test(job.id)) return true;
  return job.steps.some((s) => s.uses !== undefined && new RegExp(`^${OWN_REPOSITORY}/(approve|deploy|promote)@`).test(s.uses));
}

/** Whether the job waits on the approval environment: named literally, or by an input whose default it is. */
export function hasApprovalEnvironment(workflow: WorkflowInfo, job: JobInfo): boolean {
  const name = environmentName(job.environment);
  if (!name) return false;
  if ('literal' in name) return name.literal === APPROVAL_ENVIRONMENT;
  return evaluate(name.expression, { inputs: workflow.inputDefaults }).coerceString() === APPROVAL_ENVIRONMENT;
}

/** Every job that merges, deploys or promotes has the approval environment on itself or on a job it needs. */
export function ungatedJobs(workflow: WorkflowInfo): string[] {
  const byId = new Map(workflow.jobs.map((j) => [j.id, j]));
  return workflow.jobs
    .filter(isGatedJob)
    .filter((job) => ![job.id, ...ancestors(workflow, job)].some((id) => {
      const j = byId.get(id);
      return j !== undefined && hasApprovalEnvironment(workflow, j);
    }))
    .map((job) => `${workflow.file}: job '${job.id}' merges, deploys or promotes without the ${APPROVAL_ENVIRONMENT} environment on itself or a job it needs`);
}

/** `permissions: {}` at the top, and every job says what its token may do. */
export function missingPermissions(workflow: WorkflowInfo): string[] {
  const problems: string[] = [];
  const top = workflow.permissions;
  if (!(top && typeof top === 'object' && Object.keys(top).length === 0)) problems.push(`${workflow.file}: top-level permissions must be {} (each job asks for its own), got ${JSON.stringify(top) ?? 'nothing'}`);
  for (const job of workflow.jobs) {
    if (job.permissions === undefined) problems.push(`${workflow.file}: job '${job.id}' has no permissions: block`);
  }
  return problems;
}

/** The model key reaches only the jobs that ask the model: fix and revise (or a call of the workflow holding them). */
export function misplacedModelKey(workflow: WorkflowInfo): string[] {
  const modelActions = new RegExp(`^${OWN_REPOSITORY}(/revise)?@`);
  return workflow.jobs
    .filter((job) => job.secrets.some((s) => /anthropic/i.test(s)))
    .filter((job) => !job.workflowRef && !job.steps.some((s) => s.uses !== undefined && modelActions.test(s.uses)))
    .map((job) => `${workflow.file}: job '${job.id}' receives the model key but runs neither the fix nor the revise action`);
}

export function allProblems(workflow: WorkflowInfo): string[] {
  return [...workflow.errors.map((e) => `${workflow.file}: ${e}`), ...expressionsInRun(workflow), ...unpinnedUses(workflow), ...ungatedJobs(workflow), ...missingPermissions(workflow), ...misplacedModelKey(workflow)];
}
