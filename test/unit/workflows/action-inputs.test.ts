import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** Steps that use this repository's actions pass only the inputs those actions declare (actionlint cannot see a remote action's inputs). */
const FILES = [...readdirSync('.github/workflows').map((f) => path.join('.github/workflows', f)), ...readdirSync('examples/workflows').map((f) => path.join('examples/workflows', f))].filter((f) => f.endsWith('.yml'));
const OWN = /^your-org\/crash-autofix(?:\/([a-z-]+))?@/;

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

function ownSteps(file: string): Array<{ job: string; dir: string; with: string[] }> {
  const doc = parse(readFileSync(file, 'utf8')) as { jobs?: Record<string, { steps?: Step[] }> };
  return Object.entries(doc.jobs ?? {}).flatMap(([job, j]) =>
    (j.steps ?? []).flatMap((s) => {
      const m = s.uses ? OWN.exec(s.uses) : null;
      return m ? [{ job, dir: m[1] ?? '.', with: Object.keys(s.with ?? {}) }] : [];
    }),
  );
}

describe("the shipped workflows' steps of this repository's actions", () => {
  it.each(FILES)('%s passes only declared inputs', (file) => {
    for (const step of ownSteps(file)) {
      const action = parse(readFileSync(path.join(step.dir, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
      expect(step.with.filter((k) => !(k in action.inputs)), `${file} job ${step.job} → ${step.dir}/action.yml`).toEqual([]);
    }
  });

  it('finds the steps it checks', () => {
    expect(FILES.flatMap(ownSteps).map((s) => s.dir).sort()).toEqual(expect.arrayContaining(['.', 'approve', 'reject', 'revise', 'scan']));
  });
});
