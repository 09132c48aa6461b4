import type { ActionCommand } from '../settings/commands.js';

export interface OutputDefinition {
  /** The actions that set it; each `action.yml` declares exactly these. */
  commands: readonly ActionCommand[];
  description: string;
}

/** What every action sets: where the job stopped, its report and its records. */
const EVERY = ['analyze', 'fix'] as const satisfies readonly ActionCommand[];

/** The actions' outputs, documented once for every action.yml and the README. */
export const OUTPUT_DEFINITIONS: Readonly<Record<string, OutputDefinition>> = {
  status: { commands: [...EVERY, 'approve', 'reject', 'revise', 'deploy', 'stress'], description: 'For `deploy` and `stress`: the job\'s state after the step: `STRESS_TESTING` (deployed to test, healthy), `PROMOTING` (the stress run passed), `DEPLOYED` (in production), `ROLLED_BACK` (see `rollback-reason`) or `FAILED` (a re-run resumes). For `approve` and `reject`: `APPROVED` (every pull request of the run merged), `REJECTED` (closed with the reason), `NOT_REJECTED` (`reject` found no rejection: a failed or cancelled run, nothing done) or `FAILED`. Otherwise where the job stopped: `ANALYSIS_PENDING` (report written, analysis not asked for), `ANALYSIS_SKIPPED` (no API key), `DUPLICATE` (another dump of a crash that already has its pull request: not analysed again), `LOW_CONFIDENCE`, `COMPILING` (fix applied), `TESTING` (fix compiled), `VERIFIED` (every gate passed; without GitHub configured the job ends here), `PR_CREATED` or `FAILED`. For `revise`: `REVISED`, `ALREADY_REVISED` (a re-run for the same review), `LIMIT_REACHED` (`max-revisions`), `IGNORED` (the event asked nothing) or `FAILED`.' },
  'job-id': { commands: [...EVERY, 'revise', 'deploy', 'stress'], description: 'Id of the job (first 16 hex digits of the input\'s content fingerprint); the same dump always gets the same id.' },
  'job-dir': { commands: EVERY, description: 'Folder holding the job record and report files.' },
  signature: { commands: EVERY, description: 'Stable crash signature, `<kind>-<12 hex>`; the same bug gives the same signature across runs and builds.' },
  'report-json': { commands: EVERY, description: 'Path of the CrashReport JSON.' },
  'report-markdown': { commands: EVERY, description: 'Path of the report rendered as Markdown.' },
  'exception-code': { commands: EVERY, description: 'Exception code: a signal name (`SIGSEGV`) or a Windows code (`c0000005`).' },
  culprit: { commands: EVERY, description: 'Repository-relative `file:line` of the frame blamed for the crash (empty when no frame maps into the repository).' },
  'culprit-function': { commands: EVERY, description: 'Function of the culprit frame.' },
  'root-cause': { commands: ['fix'], description: "The model's one-paragraph root cause (after the fix stage)." },
  confidence: { commands: ['fix'], description: "The model's confidence in its root cause, 0 to 1." },
  'analysis-json': { commands: ['fix'], description: 'Path of the analysis JSON (root cause, fix proposal, usage).' },
  'analysis-markdown': { commands: ['fix'], description: 'Path of the analysis rendered as Markdown.' },
  transcript: { commands: ['fix'], description: 'Path of the redacted model transcript (JSON).' },
  'tokens-input': { commands: ['fix'], description: 'Input tokens spent on the analysis.' },
  'tokens-output': { commands: ['fix'], description: 'Output tokens spent on the analysis.' },
  'tokens-cache-read': { commands: ['fix'], description: 'Input tokens read from the prompt cache.' },
  'tokens-cache-write': { commands: ['fix'], description: 'Input tokens written to the prompt cache.' },
  'cost-usd': { commands: ['fix'], description: 'Estimated cost of the analysis in US dollars (list prices; an estimate).' },
  'fix-branch': { commands: ['fix'], description: 'Branch holding the applied fix, `crash-autofix/<signature prefix>`.' },
  worktree: { commands: ['fix'], description: 'Folder of the git work tree where the fix was applied (the runner checkout is never touched).' },
  'diff-file': { commands: ['fix'], description: 'Path of the fix as a unified diff.' },
  'build-log': { commands: ['fix'], description: 'Path of the log of the build that compiled the fix.' },
  'build-warnings': { commands: ['fix'], description: 'Compiler warnings in that build.' },
  'issue-url': { commands: ['fix'], description: 'The GitHub issue opened (or updated) for a low-confidence analysis.' },
  'pr-url': { commands: ['fix', 'revise'], description: 'The draft pull request with the fix; for a `DUPLICATE`, the pull request the crash already has.' },
  'pr-number': { commands: ['fix', 'revise'], description: 'Its number.' },
  'pr-action': { commands: ['fix'], description: '`created`, or `updated` when a pull request for the same fix branch was already open.' },
  'tests-result': { commands: ['fix'], description: 'The test gate: `passed` or `failed` (non-blocking unless `tests-block`).' },
  'reproduction-result': { commands: ['fix'], description: 'The reproduction gate: `passed` (the unfixed build crashes, the fixed one does not), `not-reproduced` (the unfixed build did not crash), `failed` (the fixed build still crashes: no pull request), or empty without `repro-command`.' },
  'fix-commit': { commands: ['fix', 'revise'], description: 'The commit on the fix branch, holding exactly the files the accepted edits changed.' },
  sandbox: { commands: ['fix'], description: 'How the build, tests and reproduction were isolated: `bwrap` (own namespaces, no network) or `none` (allow-listed environment only).' },
  'artifact-name': { commands: [...EVERY, 'revise'], description: 'Name of the uploaded artifact with the job records (report, analysis, transcript, diff, job record).' },
  'artifact-id': { commands: [...EVERY, 'revise'], description: 'Id of that artifact.' },
  'new-buckets': { commands: ['scan'], description: 'JSON list of the new buckets for the fix jobs, at most `max-new-buckets`: `signature`, `dump` (the representative dump\'s path on this runner), `sha256`, `count`, `scope` (`stable`, or `build` when no symbols decided) and `build`. For `strategy.matrix` through `fromJSON`; `[]` when there is none.' },
  'new-bucket-count': { commands: ['scan'], description: 'How many buckets `new-buckets` lists.' },
  buckets: { commands: ['scan'], description: 'JSON list of every bucket this scan met (the first 100; all are in `buckets-file`): signature, new or known, count, the dumps in it, its representative, exception, culprit and build.' },
  'buckets-file': { commands: ['scan'], description: 'Path of the JSON file with every bucket this scan met.' },
  'ledger-file': { commands: ['scan'], description: 'Path of the scan ledger: every dump met once, by content, with its bucket.' },
  'dumps-found': { commands: ['scan'], description: 'Dumps found on the share whose size had settled.' },
  'dumps-new': { commands: ['scan'], description: 'Of those, dumps read for the first time (new content).' },
  'dumps-unreadable': { commands: ['scan'], description: 'Dumps that could not be read: reported in the log and the summary, skipped, never deleted.' },
  merged: { commands: ['approve'], description: 'JSON list of the pull request numbers merged (or set to auto-merge) by this approval.' },
  closed: { commands: ['reject'], description: 'JSON list of the pull request numbers closed by this rejection.' },
  revision: { commands: ['revise'], description: 'For `revise`: how many revisions reviewers have asked for on this fix, this one included.' },
  'job-ids': { commands: ['approve'], description: 'JSON list of the job ids merged by this approval: the release jobs (`deploy`, `stress`) take one each.' },
  'release-sha256': { commands: ['deploy', 'stress'], description: "Checksum of the release (the packed build that passed the gates), checked before every step." },
  'release-commit': { commands: ['deploy', 'stress'], description: 'The merge commit the release was built from.' },
  'deployment-id': { commands: ['deploy', 'stress'], description: 'The GitHub Deployment of the latest target.' },
  'rollback-reason': { commands: ['deploy', 'stress'], description: 'Why the fix was rolled back (health, a dump, failed checks).' },
  'new-jobs': { commands: ['deploy', 'stress'], description: 'JSON list of the intake jobs started for new crashes seen during the stress run.' },
  error: { commands: [...EVERY, 'scan', 'approve', 'reject', 'revise', 'deploy', 'stress'], description: 'The one-line reason when the job failed.' },
};

/** The outputs an action declares and sets. */
export function outputsOf(command: ActionCommand): string[] {
  return Object.keys(OUTPUT_DEFINITIONS).filter((name) => OUTPUT_DEFINITIONS[name]?.commands.includes(command));
}
