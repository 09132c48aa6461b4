import { describe, expect, it } from 'vitest';
import { decideGate, unprotectedReason } from '../../../src/approval/gate-decision.js';

const ENV = 'crash-fix-approval';

describe('decideGate', () => {
  it('a rejection decides; otherwise every approval of the environment counts; other environments never do', () => {
    expect(decideGate([{ environments: [ENV], state: 'approved', reviewer: 'a', comment: 'ok' }, { environments: [ENV, 'production'], state: 'approved', reviewer: 'b', comment: '' }], ENV)).toEqual({
      kind: 'approved',
      reviewers: [
        { login: 'a', comment: 'ok' },
        { login: 'b', comment: '' },
      ],
    });
    expect(decideGate([{ environments: [ENV], state: 'approved', reviewer: 'a', comment: '' }, { environments: [ENV], state: 'rejected', reviewer: 'c', comment: 'no' }], ENV)).toEqual({ kind: 'rejected', reviewer: 'c', comment: 'no' });
    expect(decideGate([{ environments: ['production'], state: 'approved', reviewer: 'a', comment: '' }], ENV)).toEqual({ kind: 'none' });
    expect(decideGate([], ENV)).toEqual({ kind: 'none' });
  });
});

describe('unprotectedReason', () => {
  it('refuses a missing environment and one without required reviewers; trusts the run when the rules cannot be read', () => {
    expect(unprotectedReason(null, ENV, 'acme/server')).toMatch(/^The approval environment 'crash-fix-approval' does not exist in acme\/server: nobody was asked to approve; create it and add required reviewers/);
    expect(unprotectedReason({ name: ENV, requiredReviewers: [], readable: true }, ENV, 'acme/server')).toMatch(/has no required reviewers, so its jobs run without anyone's click/);
    expect(unprotectedReason({ name: ENV, requiredReviewers: [{ type: 'Team', name: 'leads' }], readable: true }, ENV, 'acme/server')).toBeNull();
    expect(unprotectedReason({ name: ENV, requiredReviewers: [], readable: false }, ENV, 'acme/server')).toBeNull();
  });
});
