/** Each check reports a deliberately bad workflow, and lets the corrected one through. */
import { describe, expect, it } from 'vitest';
import { jobsThatRan, runScenario } from './job-scenarios.js';
import { loadWorkflow } from './load-workflow.js';
import { allProblems, expressionsInRun, misplacedModelKey, missingPermissions, ungatedJobs, unpinnedUses } from './workflow-checks.js';

const CHECKOUT = 'actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803';

function workflow(jobs: string, top = 'permissions: {}\n'): string {
  return `on: workflow_dispatch\n${top}jobs:\n${jobs}`;
}

describe('expressionsInRun', () => {
  it('reports an expression in run: and passes the same value through env:', async () => {
    const bad = await loadWorkflow('bad.yml', workflow(`  a:\n    runs-on: ubuntu-latest\n    permissions: {}\n    steps:\n      - run: echo "\${{ github.event.inputs.url }}"\n`));
    expect(expressionsInRun(bad)).toEqual([expect.stringMatching(/^bad\.yml: job 'a' step 1 .*expression in run:.*github\.event\.inputs\.url/)]);
    const good = await loadWorkflow('good.yml', workflow(`  a:\n    runs-on: ubuntu-latest\n    permissions: {}\n    steps:\n      - run: echo "$URL"\n        env:\n          URL: \${{ github.event.inputs.url }}\n`));
    expect(expressionsInRun(good)).toEqual([]);
  });
});

describe('unpinnedUses', () => {
  it('reports a third-party action or workflow on a tag or a short SHA, and lets full SHAs, local paths and our own tags through', async () => {
    const bad = await loadWorkflow('bad.yml', workflow(`  a:
    runs-on: ubuntu-latest
    permissions: {}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/cache/restore@d23441a
      - uses: docker://alpine:3.21
      - uses: ${CHECKOUT}
      - uses: ./local-action
      - uses: your-org/crash-autofix/scan@v0
  b:
    permissions: {}
    uses: someone/workflows/.github/workflows/x.yml@main
`));
    expect(unpinnedUses(bad)).toEqual([
      "bad.yml: job 'a' step 1 uses actions/checkout@v4, not pinned to a full commit SHA",
      "bad.yml: job 'a' step 2 uses actions/cache/restore@d23441a, not pinned to a full commit SHA",
      "bad.yml: job 'a' step 3 uses docker://alpine:3.21, not pinned to a full commit SHA",
      "bad.yml: job 'b' uses someone/workflows/.github/workflows/x.yml@main, not pinned to a full commit SHA",
    ]);
  });
});

describe('ungatedJobs', () => {
  const approve = '      - uses: your-org/crash-autofix/approve@v0\n';

  it('reports a job that merges without the approval environment', async () => {
    const bad = await loadWorkflow('bad.yml', workflow(`  approval:\n    runs-on: ubuntu-latest\n    permissions: {}\n    steps:\n${approve}`));
    expect(ungatedJobs(bad)).toEqual(["bad.yml: job 'approval' merges, deploys or promotes without the crash-fix-approval environment on itself or a job it needs"]);
  });

  it('reports a deploy job whose ancestors wait on another environment, or on an input defaulting to another', async () => {
    const other = await loadWorkflow('other.yml', workflow(`  gate:\n    runs-on: ubuntu-latest\n    environment: production\n    permissions: {}\n    steps:\n      - run: exit 0\n  deploy-test:\n    needs: gate\n    runs-on: ubuntu-latest\n    permissions: {}\n    steps:\n      - run: exit 0\n`));
    expect(ungatedJobs(other)).toEqual([expect.stringContaining("job 'deploy-test'")]);
    const byInput = await loadWorkflow('input.yml', `on:\n  workflow_call:\n    inputs:\n      env: { type: string, default: staging }\npermissions: {}\njobs:\n  merge:\n    runs-on: ubuntu-latest\n    environment: \${{ inputs.env }}\n    permissions: {}\n    steps:\n${approve}`);
    expect(ungatedJobs(byInput)).toEqual([expect.stringContaining("job 'merge'")]);
  });

  it('accepts the environment on the job itself, as { name }, by input default, or on an ancestor', async () => {
    const onAncestor = await loadWorkflow('ok.yml', workflow(`  approval:\n    runs-on: ubuntu-latest\n    environment: { name: crash-fix-approval }\n    permissions: {}\n    steps:\n      - run: exit 0\n  promote:\n    needs: [approval]\n    runs-on: ubuntu-latest\n    permissions: {}\n    steps:\n      - run: exit 0\n`));
    expect(ungatedJobs(onAncestor)).toEqual([]);
    const byInput = await loadWorkflow('ok.yml', `on:\n  workflow_call:\n    inputs:\n      env: { type: string, default: crash-fix-approval }\npermissions: {}\njobs:\n  approval:\n    runs-on: ubuntu-latest\n    environment: \${{ inputs.env }}\n    permissions: {}\n    steps:\n${approve}`);
    expect(ungatedJobs(byInput)).toEqual([]);
  });
});

describe('missingPermissions and misplacedModelKey', () => {
  it('reports a workflow without permissions: {} at the top and a job without its own block', async () => {
    const bad = await loadWorkflow('bad.yml', workflow(`  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: exit 0\n`, 'permissions: write-all\n'));
    expect(missingPermissions(bad)).toEqual(['bad.yml: top-level permissions must be {} (each job asks for its own), got "write-all"', "bad.yml: job 'a' has no permissions: block"]);
  });

  it('reports the model key in a job that runs neither fix nor revise', async () => {
    const bad = await loadWorkflow('bad.yml', workflow(`  approval:
    runs-on: ubuntu-latest
    environment: crash-fix-approval
    permissions: {}
    steps:
      - uses: your-org/crash-autofix/approve@v0
        env:
          KEY: \${{ secrets.ANTHROPIC_API_KEY }}
  fix:
    runs-on: ubuntu-latest
    permissions: {}
    steps:
      - uses: your-org/crash-autofix@v0
        with:
          anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}
`));
    expect(misplacedModelKey(bad)).toEqual(["bad.yml: job 'approval' receives the model key but runs neither the fix nor the revise action"]);
  });

  it('reports what the parser refuses (a needs that names no job)', async () => {
    const job = '    runs-on: ubuntu-latest\n    permissions: {}\n    steps:\n      - run: exit 0\n';
    const bad = await loadWorkflow('bad.yml', workflow(`  a:\n${job}  b:\n    needs: nowhere\n${job}`));
    expect(allProblems(bad).join('\n')).toMatch(/nowhere/);
  });
});

describe('scenarios', () => {
  const graph = (rejectedIf: string, approvalIf = ''): string =>
    workflow(`  fix:
    runs-on: ubuntu-latest
    permissions: {}
    steps:
      - run: exit 0
  approval:
    needs: fix
${approvalIf ? `    if: ${approvalIf}\n` : ''}    runs-on: ubuntu-latest
    environment: crash-fix-approval
    permissions: {}
    steps:
      - uses: your-org/crash-autofix/approve@v0
  rejected:
    needs: approval
    if: ${rejectedIf}
    runs-on: ubuntu-latest
    permissions: {}
    steps:
      - uses: your-org/crash-autofix/reject@v0
`);

  it('skips a job whose needs did not all succeed unless its if uses a status function', async () => {
    const plain = await loadWorkflow('plain.yml', graph("needs.approval.result == 'failure'"));
    expect(plain.jobs.find((j) => j.id === 'rejected')?.if).toBe("success() && (needs.approval.result == 'failure')");
    expect(jobsThatRan(runScenario(plain, { name: 'rejected', outcomes: { approval: 'failure' } }))).toEqual(['fix', 'approval']);
  });

  it('shows a failure() reject job running after a build failure and an always() approval running after a cancel', async () => {
    const loose = await loadWorkflow('loose.yml', graph('failure()', 'always()'));
    expect(jobsThatRan(runScenario(loose, { name: 'build failed', outcomes: { fix: 'failure' } }))).toEqual(['fix', 'approval', 'rejected']);
    expect(jobsThatRan(runScenario(loose, { name: 'cancelled', cancelledDuring: 'fix' }))).toEqual(['fix', 'approval']);
    const tight = await loadWorkflow('tight.yml', graph("${{ !cancelled() && needs.approval.result == 'failure' }}"));
    expect(jobsThatRan(runScenario(tight, { name: 'build failed', outcomes: { fix: 'failure' } }))).toEqual(['fix']);
    expect(jobsThatRan(runScenario(tight, { name: 'rejected', outcomes: { approval: 'failure' } }))).toEqual(['fix', 'approval', 'rejected']);
  });

  it('counts a failure two jobs up: success() looks at every job a job depends on, not only its needs', async () => {
    const chain = await loadWorkflow('chain.yml', workflow(`  a:\n    runs-on: ubuntu-latest\n    permissions: {}\n    steps:\n      - run: exit 1\n  b:\n    needs: a\n    if: always()\n    runs-on: ubuntu-latest\n    permissions: {}\n    steps:\n      - run: exit 0\n  c:\n    needs: b\n    runs-on: ubuntu-latest\n    permissions: {}\n    steps:\n      - run: exit 0\n`));
    expect(runScenario(chain, { name: 'a fails', outcomes: { a: 'failure' } })).toEqual({ a: 'failure', b: 'success', c: 'skipped' });
  });
});
