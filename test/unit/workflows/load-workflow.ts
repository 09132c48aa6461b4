/**
 * A workflow file as the structure tests read it: parsed and converted by GitHub's own
 * @actions/workflow-parser (so a job's `if` already carries the implicit `success() && (…)`),
 * plus the raw YAML for what the converted model leaves out (permissions, secrets).
 */
import { convertWorkflowTemplate, isBasicExpression, isMapping, isString, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import type { Step } from '@actions/workflow-parser/model/workflow-template';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { parse as parseYaml } from 'yaml';

export interface StepInfo {
  /** 1-based position in its job, and its name or what it runs, for messages. */
  index: number;
  label: string;
  uses?: string;
  /** The run script as written; with an expression in it, the parser's format(…) text. */
  run?: string;
  runHasExpression: boolean;
}

export interface JobInfo {
  id: string;
  needs: string[];
  /** The job's condition as GitHub evaluates it: `success() && (…)` added when no status function is used. */
  if: string;
  environment: TemplateToken | undefined;
  steps: StepInfo[];
  /** For a job that calls a reusable workflow: its `uses:`. */
  workflowRef?: string;
  /** The job's `permissions:` as written; undefined when it has none. */
  permissions: unknown;
  /** Every `secrets.NAME` the job refers to. */
  secrets: string[];
}

export interface WorkflowInfo {
  file: string;
  jobs: JobInfo[];
  /** workflow_call and workflow_dispatch input defaults, for evaluating `inputs.*`. */
  inputDefaults: Record<string, string | number | boolean>;
  /** The top-level `permissions:` as written. */
  permissions: unknown;
  /** Parse and conversion errors; a shipped workflow must have none. */
  errors: string[];
}

export async function loadWorkflow(file: string, content: string): Promise<WorkflowInfo> {
  const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (!parsed.value) return { file, jobs: [], inputDefaults: {}, permissions: undefined, errors: errors.length > 0 ? errors : ['no workflow'] };
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  errors.push(...(template.errors ?? []).map((e) => e.Message));
  const raw = rawJobs(content);
  const jobs = template.jobs.map((job): JobInfo => {
    const id = job.id.value;
    const rawJob = raw.jobs[id] ?? {};
    const base = {
      id,
      needs: (job.needs ?? []).map((n) => n.value),
      if: job.if.expression,
      permissions: rawJob.permissions,
      secrets: [...new Set([...JSON.stringify(rawJob).matchAll(/secrets\.([A-Za-z0-9_-]+)/g)].map((m) => m[1] ?? ''))],
    };
    if (job.type === 'reusableWorkflowJob') return { ...base, environment: undefined, steps: [], workflowRef: job.ref.value };
    return { ...base, environment: job.environment, steps: job.steps.map(stepInfo) };
  });
  const call = template.events.workflow_call?.inputs ?? {};
  const dispatch = template.events.workflow_dispatch?.inputs ?? {};
  const inputDefaults: Record<string, string | number | boolean> = {};
  for (const [name, input] of [...Object.entries(dispatch), ...Object.entries(call)]) {
    // A workflow_call default may be a token (an expression default); the literal ones are what the tests evaluate.
    const value: unknown = input.default;
    inputDefaults[name] = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : '';
  }
  return { file, jobs, inputDefaults, permissions: raw.permissions, errors };
}

function stepInfo(step: Step, i: number): StepInfo {
  const index = i + 1;
  const name = step.name && isString(step.name) ? step.name.value : undefined;
  if ('uses' in step && step.uses) return { index, label: name ?? step.uses.value, uses: step.uses.value, runHasExpression: false };
  if ('run' in step && step.run) {
    const token = step.run;
    const run = isBasicExpression(token) ? token.expression : isString(token) ? token.value : '';
    return { index, label: name ?? run.split('\n')[0] ?? '', run, runHasExpression: isBasicExpression(token) };
  }
  return { index, label: name ?? `step ${index}`, runHasExpression: false };
}

interface RawWorkflow {
  permissions?: unknown;
  jobs: Record<string, { permissions?: unknown } & Record<string, unknown>>;
}

function rawJobs(content: string): RawWorkflow {
  const doc: unknown = parseYaml(content);
  if (!doc || typeof doc !== 'object') return { jobs: {} };
  const { permissions, jobs } = doc as { permissions?: unknown; jobs?: unknown };
  return { permissions, jobs: jobs && typeof jobs === 'object' ? (jobs as RawWorkflow['jobs']) : {} };
}

/** The environment's name: a literal, `{ name: … }`, or an expression (evaluated by the caller). */
export function environmentName(token: TemplateToken | undefined): { literal: string } | { expression: string } | undefined {
  if (!token) return undefined;
  const nameToken = isMapping(token) ? token.find('name') : token;
  if (!nameToken) return undefined;
  if (isString(nameToken)) return { literal: nameToken.value };
  if (isBasicExpression(nameToken)) return { expression: nameToken.expression };
  return undefined;
}
