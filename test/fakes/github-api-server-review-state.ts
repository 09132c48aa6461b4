/**
 * What the GitHub stand-in remembers about the approval gate and the review
 * loop: environments and their required reviewers, workflow runs waiting on
 * them and the decisions taken, issue comments, pull-request reviews with
 * their line comments, and each user's role on the repository.
 */
export interface EnvironmentRecord {
  id: number;
  name: string;
  /** Required reviewers; empty: the environment protects nothing. */
  reviewers: Array<{ type: 'User' | 'Team'; name: string }>;
  createdAt: string;
}

/** One reviewer's click on a run's deployment review dialog. */
export interface DeploymentDecision {
  environments: string[];
  state: 'approved' | 'rejected';
  user: string;
  comment: string;
  at: string;
}

export interface RunRecord {
  id: number;
  /** Environments whose jobs wait for a reviewer. */
  waitingFor: string[];
  decisions: DeploymentDecision[];
  startedAt: string;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  author: string;
  body: string;
  createdAt: string;
}

export interface ReviewCommentRecord {
  id: number;
  path: string;
  line: number | null;
  side: 'LEFT' | 'RIGHT';
  /** Diff position, when the review named one instead of a line. */
  position: number | null;
  body: string;
}

export interface ReviewRecord {
  id: number;
  pullNumber: number;
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'PENDING';
  body: string;
  commitId: string;
  submittedAt: string | null;
  comments: ReviewCommentRecord[];
}

/** Roles as `role_name` says them; `permission` folds maintain into write and triage into read. */
export type RoleName = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export function legacyPermission(role: RoleName): 'admin' | 'write' | 'read' | 'none' {
  if (role === 'maintain') return 'write';
  if (role === 'triage') return 'read';
  return role;
}
