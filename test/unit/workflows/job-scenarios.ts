/**
 * Which jobs of a workflow run in a scenario (approved, rejected, build failed, cancelled…): each job's
 * `if` (with GitHub's implicit `success() &&`) evaluated by @actions/expressions, with the status
 * functions supplied here the way GitHub defines them for jobs:
 * - success(): the run is not cancelled and every job this one depends on, directly or not, succeeded;
 * - failure(): one of those jobs failed;
 * - cancelled(): the run was cancelled before this job started;
 * - always(): true.
 * So a job whose needs did not all succeed is skipped unless its `if` uses a status function.
 */
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';
import type { JobInfo, WorkflowInfo } from './load-workflow.js';

export type JobResult = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface Scenario {
  name: string;
  /** What a job ends with when it runs; success when not listed. */
  outcomes?: Record<string, 'success' | 'failure'>;
  /** The job during which the run is cancelled: it ends cancelled, and cancelled() is true for every job after it. */
  cancelledDuring?: string;
  /** Outputs of jobs that ran, by job id. */
  outputs?: Record<string, Record<string, string>>;
  /** The `github` context (event_name, repository, event…). */
  github?: Record<string, unknown>;
  /** Inputs on top of the workflow's defaults. */
  inputs?: Record<string, string | number | boolean>;
}

export interface StatusView {
  cancelled: boolean;
  ancestorResults: JobResult[];
}

const CONTEXTS = ['github', 'inputs', 'needs', 'vars', 'env', 'matrix', 'strategy', 'secrets', 'steps', 'job', 'runner'];

function statusFunctions(view: StatusView): Map<string, FunctionDefinition> {
  const fn = (name: string, value: () => boolean): [string, FunctionDefinition] => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value()) }];
  return new Map([
    fn('success', () => !view.cancelled && view.ancestorResults.every((r) => r === 'success')),
    fn('failure', () => view.ancestorResults.includes('failure')),
    fn('cancelled', () => view.cancelled),
    fn('always', () => true),
  ]);
}

/** Evaluates an expression (without `${{ }}`) against plain-object contexts and the status view. */
export function evaluate(expression: string, contexts: Record<string, unknown>, view: StatusView = { cancelled: false, ancestorResults: [] }): data.ExpressionData {
  const functions = statusFunctions(view);
  const tokens = new Lexer(expression).lex().tokens;
  const tree = new Parser(tokens, CONTEXTS, [...functions.values()]).parse();
  const context = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  return new Evaluator(tree, context, functions).evaluate();
}

export function evaluatesTrue(expression: string, contexts: Record<string, unknown>, view?: StatusView): boolean {
  return truthy(evaluate(expression, contexts, view));
}

/** Every job `job` depends on, directly or through others. */
export function ancestors(workflow: WorkflowInfo, job: JobInfo): Set<string> {
  const byId = new Map(workflow.jobs.map((j) => [j.id, j]));
  const seen = new Set<string>();
  const visit = (id: string): void => {
    for (const need of byId.get(id)?.needs ?? []) {
      if (!seen.has(need)) {
        seen.add(need);
        visit(need);
      }
    }
  };
  visit(job.id);
  return seen;
}

/** Jobs in an order where each comes after everything it needs (the parser has refused cycles). */
export function topologicalOrder(workflow: WorkflowInfo): JobInfo[] {
  const done = new Set<string>();
  const order: JobInfo[] = [];
  while (order.length < workflow.jobs.length) {
    const next = workflow.jobs.find((j) => !done.has(j.id) && j.needs.every((n) => done.has(n)));
    if (!next) throw new Error(`${workflow.file}: the needs of ${workflow.jobs.filter((j) => !done.has(j.id)).map((j) => j.id).join(', ')} form a cycle or name a missing job`);
    done.add(next.id);
    order.push(next);
  }
  return order;
}

export function runScenario(workflow: WorkflowInfo, scenario: Scenario): Record<string, JobResult> {
  const results: Record<string, JobResult> = {};
  let cancelled = false;
  for (const job of topologicalOrder(workflow)) {
    const view: StatusView = { cancelled, ancestorResults: [...ancestors(workflow, job)].map((id) => results[id] ?? 'skipped') };
    const needs = Object.fromEntries(job.needs.map((id) => [id, { result: results[id] ?? 'skipped', outputs: results[id] === 'skipped' ? {} : (scenario.outputs?.[id] ?? {}) }]));
    const contexts = { github: scenario.github ?? {}, inputs: { ...workflow.inputDefaults, ...scenario.inputs }, needs, vars: {} };
    if (!evaluatesTrue(job.if, contexts, view)) {
      results[job.id] = 'skipped';
      continue;
    }
    if (scenario.cancelledDuring === job.id) {
      results[job.id] = 'cancelled';
      cancelled = true;
      continue;
    }
    results[job.id] = scenario.outcomes?.[job.id] ?? 'success';
  }
  return results;
}

/** The ids of the jobs that ran (any result but skipped), in workflow order. */
export function jobsThatRan(results: Record<string, JobResult>): string[] {
  return Object.entries(results).filter(([, r]) => r !== 'skipped').map(([id]) => id);
}
