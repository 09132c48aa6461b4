/**
 * The commands. Each is a route with the settings it reads (definitions.ts
 * names them per setting); a command is a CLI command, an action, or both.
 * Adding one is an entry here plus its name in the settings it reads: the
 * parsing, the CLI help, every action.yml and the README follow from the tables.
 */
export interface CommandDefinition {
  /** One line: the action's description and the command's line in `--help`. */
  summary: string;
  /**
   * `root`: the repository's own action.yml; `own`: `<command>/action.yml`
   * with its own bundle `dist/<command>/index.js`; null: CLI only.
   */
  action: 'root' | 'own' | null;
  /** null: no CLI command. */
  cli: { usage: readonly string[]; what: string; aliases?: readonly string[] } | null;
}

export const COMMANDS = {
  analyze: {
    summary: 'Triage a C/C++ crash dump (gdb or cdb) or a saved debugger text into a CrashReport with a stable signature, culprit and source context.',
    action: 'own',
    cli: {
      usage: [
        'crash-autofix analyze --dump FILE [--executable FILE] [--symbols DIR] [--source-root DIR] [--json]',
        'crash-autofix analyze --from-output FILE [--debugger cdb|gdb] [--source-root DIR]',
      ],
      what: `Reads a dump with gdb or cdb (or a saved debugger text: !analyze -v, a k-family stack, gdb's bt) and
writes a CrashReport (report.json, report.md) into the job folder under --state-dir; prints the report.`,
    },
  },
  fix: {
    summary: 'Triage a C/C++ crash dump into a CrashReport, then ask Claude for the root cause and a fix, build and test it, and open a draft pull request.',
    action: 'root',
    cli: {
      usage: [
        'crash-autofix fix --dump FILE [--exe FILE] [--source-root DIR]',
        'crash-autofix fix --report report.json [--source-root DIR]',
        'crash-autofix run --dump FILE ...            (the same as fix)',
      ],
      what: `Analyses the crash, then asks Claude (the ANTHROPIC_API_KEY environment variable) for the root cause
and a fix, applies it in the reusable work tree under --work-dir and builds it; with GITHUB_TOKEN and
--repository it runs the gates (--repro-command on the unfixed and fixed builds, the tests, static
analysis) and opens a draft pull request. cmake (or --build-command), a C++ compiler and ctest (or
--test-command) are checked before the model is asked, and the checkout must have no uncommitted
changes to tracked files.`,
      aliases: ['run'],
    },
  },
  notify: {
    summary: "Tell the repository's workflows about a new dump: a repository_dispatch of type crash-dump with its address and SHA-256.",
    action: null,
    cli: {
      usage: ['crash-autofix notify --dump FILE --dump-url-template URL --repository OWNER/NAME'],
      what: `Run on the game-server host after a crash. Computes the dump's SHA-256 and sends a repository_dispatch
of type crash-dump to --repository (GITHUB_TOKEN from the environment: a fine-grained token with
Contents: write) with the address --dump-url-template gives it; the crash-dump workflow fetches it from there.`,
    },
  },
  scan: {
    summary: 'Scan a dump share: every new dump read natively (no debugger) into a bucket per bug, recorded once in a ledger that travels between runs; new buckets come out as JSON for a fix matrix.',
    action: 'own',
    cli: {
      usage: ['crash-autofix scan --dump-dir DIR [--symbols DIR] [--executable FILE] [--json]'],
      what: `Finds the dumps under DIR whose size has settled and records each in the ledger in --state-dir once
(by content). New dumps are read without a debugger: the crashing thread's stack walk, with functions
and lines from llvm-symbolizer when the modules' files are at hand (--executable, or by build id in
--symbols), and each goes into a bucket: the debugger's signature when symbols decided, else one keyed
by the module build. Prints the buckets (--json: a JSON list); the debugger and 'fix' then run once
per new bucket.`,
    },
  },
  approve: {
    summary: "The approval gate's Yes: checks that this workflow run has an approved review of the gate environment (and that the environment has required reviewers), then merges each fix pull request of the run and says who approved.",
    action: 'own',
    cli: {
      usage: ['crash-autofix approve [--job-id ID] [--run-id N] [--merge-method squash|merge|rebase|auto] [--repository OWNER/NAME]'],
      what: `Takes the jobs waiting at the gate (their pull requests open), checks the gate and merges each pull
request at the commit its gates verified (GITHUB_TOKEN from the environment). With --run-id, the run's
environment reviews decide; without, you are the approver.`,
    },
  },
  reject: {
    summary: "The approval gate's No: when this workflow run's gate environment was rejected, closes each fix pull request of the run with the reviewer's reason, labels it crash-fix-rejected and records the rejection; anything else (a failed build, a cancelled run) it leaves alone.",
    action: 'own',
    cli: {
      usage: ['crash-autofix reject [--job-id ID] (--run-id N | --reason TEXT) [--repository OWNER/NAME]'],
      what: `Closes the pull requests of the jobs waiting at the gate with a comment quoting the reviewer, labels
them crash-fix-rejected and records the rejection in each job. With --run-id only when that run's
gate environment was rejected; without, you reject it with --reason.`,
    },
  },
  revise: {
    summary: "Request changes → the AI iterates: a reviewer's review (body and line comments) or `/crash-autofix revise` comment goes to Claude on the fix's stored conversation; the revised fix passes every gate again and is pushed as a new commit on the same pull request, with a comment holding the new gates table.",
    action: 'own',
    cli: {
      usage: ['crash-autofix revise --pr N --review-id ID [--max-revisions 3] [--repository OWNER/NAME] [--source-root DIR]'],
      what: `Revises a pull request crash-autofix opened (its branch and Crash-Signature trailer say so) for users
with write access (GITHUB_ACTOR; GITHUB_TOKEN and ANTHROPIC_API_KEY from the environment). The job record
comes from --state-dir, else from the job's newest artifact in the repository. The checkout must be at
the pull request's head commit. The review goes to Claude; its fix is checked by the same policy, built,
tested and pushed as a new commit on the branch, and the pull request gets one comment with the gates.
At --max-revisions it comments that the limit is reached and asks the model nothing.`,
    },
  },
  deploy: {
    summary: "After the approval: deploys the fix's verified build to the test server (or, with deploy-target production, promotes it after its stress run), as a GitHub Deployment, waits for the health check and rolls back when it fails.",
    action: 'own',
    cli: {
      usage: ['crash-autofix deploy --deploy-command CMD [--health-check tcp://HOST:PORT] [--rollback-command CMD] [--deploy-target test|production] [--job-id ID]'],
      what: `Takes the approved (merged) job from --state-dir, packs its verified build into the job folder with one
checksum (test), and runs --deploy-command in the allow-listed environment; the health check must pass
within --health-timeout, else --rollback-command runs and the job is ROLLED_BACK with the reason. With
GITHUB_TOKEN and --repository each deployment is a GitHub Deployment with its statuses. A re-run resumes:
a finished deployment is never run twice.`,
    },
  },
  stress: {
    summary: 'Stress the fix on the test server: runs your load generator for stress-duration, checks health, a metric and the dump folder every stress-interval, and passes the fix to promotion or rolls it back with the reason.',
    action: 'own',
    cli: {
      usage: ['crash-autofix stress [--stress-command CMD] [--stress-duration 900] [--stress-interval 30] [--dump-dir DIR] [--health-check URL] [--job-id ID]'],
      what: `Runs after 'deploy' (test). A dump of the fixed crash in --dump-dir fails the run; a dump of another
crash is a new crash: its intake job starts (the report is made here) and the run fails. More than
--stress-failure-limit failed checks (health down, the metric over --stress-metric-max or missing, the
load command failing) fail it too. A failure runs --rollback-command and comments on the pull request;
a pass leaves the job PROMOTING for 'deploy --deploy-target production'.`,
    },
  },
  watch: {
    summary: "Every new dump in a folder through 'fix' (or, with --notify, announced to the workflows), once each (also across restarts).",
    action: null,
    cli: {
      usage: ['crash-autofix watch DIR [--once] [--poll-interval 30] [--exe FILE] [--symbols DIR] ...', 'crash-autofix watch DIR --notify --dump-url-template URL --repository OWNER/NAME'],
      what: `Takes every new dump in DIR (*.dmp, *.mdmp, *.core, core, core.<n>) through 'fix' once its size has
stopped changing, once each, also across restarts (jobs are kept in --state-dir). With --symbols, each dump
gets the executable of its own build from there. With --notify, each new dump is announced to the
repository's workflows instead (what 'notify' sends), once each by content.`,
    },
  },
  db: {
    summary: 'The crash database (one record per crash signature): `db import` builds it from the job records in the state folder.',
    action: null,
    cli: {
      usage: ['crash-autofix db import [--state-dir DIR] [--crash-db local|github]'],
      what: `Reads every job record in --state-dir and records what each tells (its dump, the analysis, the builds,
the pull request or issue, the approval or rejection) in the crash database that --crash-db chooses: the
file <state-dir>/crash-db.json, or one GitHub issue per signature (GITHUB_TOKEN and --repository).
Running it again changes nothing that is already recorded.`,
    },
  },
  stats: {
    summary: 'The six success numbers (analysed, compiled, approved, time to PR, human intervention, critical fixes rejected or regressed) with targets, model use per crash, top crashers and a weekly chart, from the crash database.',
    action: null,
    cli: {
      usage: ['crash-autofix stats [--since 30d|2026-11-01] [--json] [--state-dir DIR] [--crash-db local|github]'],
      what: `Reads the crash database --crash-db chooses (the file in --state-dir, or the GitHub issues) and
prints, for the crashes seen since --since (days, today included, or a day), each success criterion
with its target and actual figure (a figure with nothing to count says "no data"), tokens and cost per
crash, the top crashers with their trend against the window before, and a Mermaid chart of the dumps
per week. --json prints the same as JSON.`,
    },
  },
} as const satisfies Record<string, CommandDefinition>;

export type Command = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as Command[];

/** The commands that run as an action: the root action.yml, or their own `<command>/action.yml`. */
export type ActionCommand = { [C in Command]: (typeof COMMANDS)[C]['action'] extends null ? never : C }[Command];
export const ACTION_COMMANDS = COMMAND_NAMES.filter((c): c is ActionCommand => COMMANDS[c].action !== null);

/** A command's entry, read through the interface: not every command has every part. */
export function commandOf(command: Command): CommandDefinition {
  return COMMANDS[command];
}

/** The commands the CLI runs. */
export const CLI_COMMANDS = COMMAND_NAMES.filter((c) => commandOf(c).cli !== null);

/** The CLI command a name or alias stands for (`run` is `fix`); null for none. */
export function cliCommandNamed(name: string | null): Command | null {
  return CLI_COMMANDS.find((c) => c === name || (name !== null && (commandOf(c).cli?.aliases ?? []).includes(name))) ?? null;
}
