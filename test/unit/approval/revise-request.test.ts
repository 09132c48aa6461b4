import { describe, expect, it } from 'vitest';
import { commandText, requestFromEvent } from '../../../src/approval/revise-request.js';
import { jobIdOfBody, pullRequestTrailers, signatureOfBody, stripSignatureTrailers } from '../../../src/domain/signature-trailer.js';
import { pullRequestBody } from '../../../src/publish/open-pull-request.js';

describe('the revise request in the workflow event', () => {
  it('pull_request_review: the review and its pull request', () => {
    expect(requestFromEvent('pull_request_review', { action: 'submitted', review: { id: 41, state: 'changes_requested' }, pull_request: { number: 7 } })).toEqual({ kind: 'review', prNumber: 7, reviewId: 41 });
  });

  it('issue_comment: the text after the command, on a pull request only', () => {
    const event = (body: string, pull = true) => ({ issue: { number: 7, ...(pull ? { pull_request: { url: 'x' } } : {}) }, comment: { id: 5, body, user: { login: 'lead' } } });
    expect(requestFromEvent('issue_comment', event('/crash-autofix revise\nLog the skipped packet.'))).toEqual({ kind: 'comment', prNumber: 7, id: 5, author: 'lead', text: 'Log the skipped packet.' });
    expect(requestFromEvent('issue_comment', event('/crash-autofix revise x', false))).toEqual({ kind: 'ignored', why: '#7 is an issue, not a pull request' });
    expect(requestFromEvent('issue_comment', event('nice'))).toMatchObject({ kind: 'ignored' });
    expect(() => requestFromEvent('push', {})).toThrow("'revise' runs on pull_request_review or issue_comment events, not 'push'");
    expect(() => requestFromEvent('pull_request_review', { review: {} })).toThrow(/has no review id or pull request number/);
  });

  it('the command is a word of its own', () => {
    expect(commandText('  /crash-autofix revise  please check bounds ')).toBe('please check bounds');
    expect(commandText('/Crash-Autofix Revise')).toBe('');
    expect(commandText('/crash-autofix revised it myself')).toBeNull();
    expect(commandText('please /crash-autofix revise')).toBeNull();
  });
});

describe('the pull request trailers', () => {
  it('name the job and the signature; revise reads both back', () => {
    const body = pullRequestBody('The fix.\nCrash-Signature: stale', 'access-violation-0123456789ab', null, 'a1b2c3d4e5f60718');
    expect(body.endsWith(`\n\n${pullRequestTrailers('access-violation-0123456789ab', 'a1b2c3d4e5f60718')}`)).toBe(true);
    expect(body).toMatch(/\n\nCrash-Autofix-Job: a1b2c3d4e5f60718\nCrash-Signature: access-violation-0123456789ab$/);
    expect(body).not.toContain('stale');
    expect(jobIdOfBody(body)).toBe('a1b2c3d4e5f60718');
    expect(signatureOfBody(body)).toBe('access-violation-0123456789ab');
    expect(stripSignatureTrailers(body)).toBe('The fix.');
    expect(jobIdOfBody('Crash-Autofix-Job: ../../etc')).toBeNull();
    expect(pullRequestBody('x', 'sig', null)).toBe('x\n\nCrash-Signature: sig');
  });
});
