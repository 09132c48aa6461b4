import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OctokitGitHubClient } from '../../src/adapters/github/octokit-github-client.js';
import { GitHubApiServer } from '../fakes/github-api-server.js';

/** GitHub Deployments through the real Octokit against the stand-in (requests and answers checked against GitHub's OpenAPI description). */
const TOKEN = 'ghs_deployTestToken0123456789abcd';
const MERGE = 'c'.repeat(40);

let server: GitHubApiServer;
let client: OctokitGitHubClient;

beforeEach(async () => {
  server = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'engine', branches: ['main'], collaborators: [], teams: [] });
  client = await OctokitGitHubClient.create({ token: TOKEN, baseUrl: server.baseUrl, owner: 'acme', repo: 'engine' });
});

afterEach(async () => {
  expect(server.failures).toEqual([]);
  await server.close();
});

describe('OctokitDeployments', () => {
  it('creates a deployment for the merge commit once, finds it again by job, and sets its statuses', async () => {
    const d = client.deployments;
    expect(await d.findDeployment('crash-fix-test', MERGE, '0123456789abcdef')).toBeNull();
    const made = await d.createDeployment({ ref: MERGE, environment: 'crash-fix-test', description: 'crash-autofix: fix of segv-0123456789ab (#7)', jobId: '0123456789abcdef', payload: { signature: 'segv-0123456789ab' }, production: false });
    expect(await d.findDeployment('crash-fix-test', MERGE, '0123456789abcdef')).toEqual(made);
    // Another job's deployment of the same commit is not this job's.
    expect(await d.findDeployment('crash-fix-test', MERGE, 'ffffffffffffffff')).toBeNull();
    for (const state of ['in_progress', 'success'] as const) await d.setDeploymentStatus(made.id, { state, description: state, logUrl: 'https://github.test/acme/engine/actions/runs/1', environmentUrl: null });
    const record = server.state.deploymentBook.deployments[0];
    expect(record).toMatchObject({ sha: MERGE, environment: 'crash-fix-test', task: 'deploy:crash-autofix', production: false, payload: { signature: 'segv-0123456789ab', jobId: '0123456789abcdef' } });
    expect(record?.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    const create = server.requests.find((r) => r.operationId === 'repos/create-deployment');
    expect(create?.body).toMatchObject({ auto_merge: false, required_contexts: [] });
  });

  it('says which permission a refused call needs', async () => {
    await server.close();
    server = await GitHubApiServer.start({ token: TOKEN, owner: 'acme', repo: 'engine', branches: ['main'], collaborators: [], teams: [] });
    server.failNext('repos/create-deployment', { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' } });
    client = await OctokitGitHubClient.create({ token: TOKEN, baseUrl: server.baseUrl, owner: 'acme', repo: 'engine' });
    await expect(client.deployments.createDeployment({ ref: MERGE, environment: 'production', description: 'x', jobId: '0123456789abcdef', payload: {}, production: true })).rejects.toThrow(/deployments: write/);
  });
});
