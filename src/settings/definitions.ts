import { DEFAULT_MODEL } from '../analysis/model-usage.js';
import type { Command } from './commands.js';
import { bool, fraction, list, nonNegativeInt, oneOf, positiveInt, positiveNumber, seconds, since, text, type FieldType } from './field-types.js';

/** Where a setting may come from. */
export type SettingSource = 'action' | 'cli' | 'config';

interface Common<T> {
  type: FieldType<T>;
  /** The commands that read it; any other command refuses it as a flag or input. */
  commands: readonly Command[];
  sources: readonly SettingSource[];
  description: string;
  /** The input's `default:` in action.yml, an expression the runner fills in (`${{ github.token }}`). */
  actionDefault?: string;
}

/**
 * What a setting is when not given, one of three: its value (`default`); no
 * value, with what that means (`unset`); or computed from other settings or
 * the environment in computed-defaults.ts, with how (`computed`).
 */
export type Defaulting<T> =
  | { default: T | Readonly<T>; unset?: never; computed?: never }
  | { unset: string; default?: never; computed?: never }
  | { computed: string; default?: never; unset?: never };

export type SettingDefinition<T> = Common<T> & Defaulting<T>;

/** Keeps which of the three a setting is, so its parsed value's type knows whether it can be null. */
function def<T, const D extends Defaulting<T>>(d: Common<T> & D): Common<T> & D {
  return d;
}

/** Who reads what: a new command goes into the groups whose settings it reads. */
const EVERY = ['analyze', 'fix', 'watch', 'stress'] as const satisfies readonly Command[];
/** The commands given one crash on the invocation (`watch` finds its own). */
const ONE_CRASH = ['analyze', 'fix'] as const satisfies readonly Command[];
/** After the approval: the test server, the stress run, production. */
const RELEASE = ['deploy', 'stress'] as const satisfies readonly Command[];
/** The analysis, the fix, its gates and the pull request. */
const FIXING = ['fix', 'watch', 'revise'] as const satisfies readonly Command[];

const ALL = ['action', 'cli', 'config'] as const;
const INVOCATION = ['action', 'cli'] as const;

/**
 * Every setting, one name across action inputs, CLI flags (`--name`) and the
 * config file. Each action.yml, the CLI help and the README tables are generated from it.
 */
export const DEFINITIONS = {
  dump: def({ type: text, commands: [...ONE_CRASH, 'notify'], sources: INVOCATION, unset: '—', description: 'Crash dump to analyse: a Linux ELF core file or a Windows minidump (`.dmp`).' }),
  'from-output': def({ type: text, commands: ONE_CRASH, sources: INVOCATION, unset: '—', description: 'Instead of a dump, a saved debugger text to parse: cdb `!analyze -v`/`k` output or gdb `bt` output.' }),
  'dump-url-template': def({ type: text, commands: ['notify', 'watch'], sources: ALL, unset: '—', description: "For `notify` and `watch --notify`: where the workflow's runner can fetch this host's dumps, with `{name}` for the dump's file name: `https://dumps.example.com/realm-eu-1/{name}` or `\\\\fileserver\\dumps\\{name}`. The address must pass the `dump-url` rules." }),
  server: def({ type: text, commands: ['notify', 'watch'], sources: ALL, computed: "this machine's host name", description: 'For `notify` and `watch --notify`: the name of the server that crashed, sent with the dump (its occurrences are counted per server).' }),
  'dump-url': def({ type: text, commands: ONE_CRASH, sources: INVOCATION, unset: '—', description: "Instead of `dump`, where to fetch it: `https://…`, `file://…`, a local path or a Windows share (`\\\\server\\dumps\\crash.dmp`); plain `http://` only on loopback or with `dump-url-insecure`. Streamed into `state-dir/downloads` with its SHA-256 computed on the way, retried on network errors and 5xx, resumed with `Range`, at most 5 redirects (never https → http). A `.zip` or `.gz` is unpacked (caps on size, files and expansion ratio; paths that leave the folder refused); an executable and symbols inside it are used when they match the dump. In the action, a `repository_dispatch` of type `crash-dump` gives it when neither `dump` nor `dump-url` is set." }),
  'dump-sha256': def({ type: text, commands: ONE_CRASH, sources: INVOCATION, unset: '(not checked)', description: 'The SHA-256 the fetched dump must have (64 hex digits); a mismatch fails the job and keeps nothing. A dump already downloaded with this hash is not fetched again.' }),
  'dump-max-bytes': def({ type: positiveInt, commands: ONE_CRASH, sources: ALL, default: 8 * 1024 ** 3, description: 'Largest dump `dump-url` may fetch, and the most an archive may expand to, in bytes.' }),
  'dump-url-header': def({ type: text, commands: ONE_CRASH, sources: ['action'], computed: '`DUMP_URL_HEADER` from the environment', description: 'A request header for `dump-url`, `Name: value` (e.g. `Authorization: Bearer …`), from a secret. Masked in logs; sent to the dump\'s own host only, never across a redirect to another. The CLI reads `DUMP_URL_HEADER` only.' }),
  'dump-url-insecure': def({ type: bool, commands: [...ONE_CRASH, 'notify', 'watch'], sources: ALL, default: false, description: 'Allow plain `http://` for `dump-url` to hosts other than loopback (anyone on the path can read or change the dump).' }),
  executable: def({ type: text, commands: [...EVERY, 'scan'], sources: INVOCATION, unset: '—', description: "The crashed program. Required for gdb (cores do not carry code) unless `symbols` holds the core's build; for cdb it adds the image path. With `symbols` set, one of another build than the dump's (both build ids readable and different) is replaced by the dump's own build from there, with a warning, or refused in one line when there is none." }),
  symbols: def({ type: list, commands: [...EVERY, 'scan'], sources: ALL, default: [], description: "Extra symbol folders (PDBs, `.debug` files), and where each dump's own build is looked up by the id it records (ELF build id; PE image key and PDB GUID): a folder of builds, a Microsoft symbol-store layout (`name.pdb/GUIDAGE/name.pdb`, `name.exe/TIMESTAMPSIZE/name.exe`) or a `.build-id` tree. Without `executable`, a core whose build is not found is refused in one line naming its build id and the places searched; a minidump goes on with a warning. cdb also gets the Microsoft symbol server through a local cache." }),
  'source-root': def({ type: text, commands: [...EVERY, 'notify', 'scan', 'approve', 'reject', 'revise', 'deploy', 'db', 'stats'], sources: INVOCATION, computed: '`GITHUB_WORKSPACE`, else the current folder', description: 'The repository checkout. Build-machine paths are mapped into it; frames inside it are in-app.' }),
  debugger: def({ type: oneOf(['auto', 'gdb', 'cdb'] as const), commands: EVERY, sources: ALL, default: 'auto', description: '`auto` picks gdb for ELF cores and cdb for minidumps. With `from-output`, says which debugger wrote the text (auto-detected otherwise).' }),
  'gdb-path': def({ type: text, commands: EVERY, sources: ALL, unset: '`gdb` on PATH', description: 'Path of gdb (8 or newer, with Python).' }),
  'cdb-path': def({ type: text, commands: EVERY, sources: ALL, unset: 'PATH, then the Windows Kits Debuggers folders', description: 'Path of cdb.exe (Debugging Tools for Windows).' }),
  'debugger-timeout': def({ type: seconds, commands: EVERY, sources: ALL, default: 600, description: 'Seconds the debugger may take before the job fails (symbol downloads count).' }),
  'culprit-ignore': def({ type: list, commands: [...EVERY, 'scan'], sources: ALL, default: [], description: 'Extra frames never blamed: glob patterns or prefixes of function names, e.g. `Trinity::Assert`, `*CrashHandler*`.' }),
  'context-lines': def({ type: nonNegativeInt, commands: EVERY, sources: ALL, default: 7, description: 'Source lines shown on each side of the culprit and other in-app frames.' }),
  'state-dir': def({ type: text, commands: [...EVERY, 'notify', 'scan', 'approve', 'reject', 'revise', 'deploy', 'db', 'stats'], sources: ALL, computed: '`.crash-autofix` in the source root (CLI); `RUNNER_TEMP/crash-autofix` (action)', description: 'Where job records and report files are kept. A re-run with the same state folder resumes the job.' }),
  'crash-db': def({ type: oneOf(['local', 'github', 'off'] as const), commands: [...EVERY, 'scan', 'approve', 'reject', 'revise', 'deploy', 'db', 'stats'], sources: ALL, default: 'local', description: 'Where the crash database (one record per crash signature: status, occurrences per build, server and day, pull request, deployments, regressions, lessons) is kept. `local`: the file `state-dir/crash-db.json`, shared safely by the processes of one runner; `github`: one issue per signature in `repository` (labels `crash-db` and `crash:<status>`), shared by a pool of runners, needs `issues: write`; `off`: none.' }),
  'symbol-cache': def({ type: text, commands: EVERY, sources: ALL, computed: '`<state-dir>/symbols`', description: 'Local cache folder for downloaded symbols (cdb `srv*` cache).' }),
  config: def({ type: text, commands: [...EVERY, 'notify', 'scan', 'approve', 'reject', 'revise', 'deploy', 'db', 'stats'], sources: INVOCATION, computed: '`.github/crash-autofix.yml` in the source root', description: 'Config file. Optional; a missing default file is fine, a missing named file is an error.' }),
  report: def({ type: text, commands: ['fix'], sources: INVOCATION, unset: '—', description: 'For `fix`: start from a CrashReport JSON written by `analyze` instead of a dump.' }),
  'stop-after': def({ type: oneOf(['analyze', 'fix'] as const), commands: ['fix'], sources: ['action', 'config'], default: 'fix', description: 'Root action only: the last stage to run. `analyze` writes the report; `fix` also asks Claude for a root cause and applies its fix in a work tree. Kept for workflows written before the `analyze` action (`uses: your-org/crash-autofix/analyze@v0`), which runs `analyze` with only its own inputs. (On the CLI the command says it.)' }),
  'anthropic-api-key': def({ type: text, commands: ['fix', 'revise'], sources: ['action'], computed: '`ANTHROPIC_API_KEY` from the environment', description: 'Claude API key. Masked in logs; never written to a file. Without a key the fix stage is skipped (ANALYSIS_SKIPPED) and the report still goes out. The CLI reads `ANTHROPIC_API_KEY` only (flags show up in process lists). `ANTHROPIC_BASE_URL` points the client at a gateway.' }),
  'github-token': def({
    type: text,
    commands: ['fix', 'scan', 'approve', 'reject', 'revise', ...RELEASE],
    sources: ['action'],
    actionDefault: '${{ github.token }}',
    computed: "the workflow's token (`github.token`)",
    description: "Token for GitHub: pushing the fix branch (`contents: write`), the draft pull request (`pull-requests: write`) and the issue for a low-confidence analysis (`issues: write`); for `scan`, finding and downloading the scan ledger of an earlier run (`actions: read`). Masked in logs. The runner does not put the token in a step's environment, so the action takes it as this input; `github-token: ''` keeps the job away from GitHub. The CLI reads `GITHUB_TOKEN` only; `GITHUB_API_URL` points at GitHub Enterprise Server.",
  }),
  repository: def({ type: text, commands: [...FIXING, 'notify', 'scan', 'approve', 'reject', ...RELEASE, 'db', 'stats'], sources: INVOCATION, computed: '`GITHUB_REPOSITORY`', description: 'The GitHub repository, `owner/name`, that issues go to. Without it (and a token) nothing is sent to GitHub.' }),
  model: def({ type: text, commands: FIXING, sources: ALL, default: DEFAULT_MODEL, description: 'Claude model id for the root-cause analysis.' }),
  'max-turns': def({ type: positiveInt, commands: FIXING, sources: ALL, default: 30, description: 'Most requests to the model for one crash (each tool round trip is one).' }),
  'max-output-tokens': def({ type: positiveInt, commands: FIXING, sources: ALL, default: 8192, description: 'Most tokens the model may write in one response.' }),
  'token-budget': def({ type: positiveInt, commands: FIXING, sources: ALL, default: 400_000, description: 'Most input plus output tokens spent on one crash; the analysis stops cleanly when the next request would exceed it.' }),
  'request-timeout': def({ type: seconds, commands: FIXING, sources: ALL, default: 600, description: 'Seconds one model request may take (the SDK retries 429/5xx/529 with backoff on top).' }),
  'min-confidence': def({ type: fraction, commands: FIXING, sources: ALL, default: 0.6, description: "Below this confidence the job stops after the analysis (LOW_CONFIDENCE): the root cause is recorded, no code is changed." }),
  'instructions-file': def({ type: text, commands: FIXING, sources: ALL, unset: '`CLAUDE.md`, else `AGENTS.md`, when present', description: 'Repository guidance (coding rules, module layout) added to the system prompt, at most 16 KiB.' }),
  'allowed-paths': def({ type: list, commands: FIXING, sources: ALL, default: ['**'], description: 'Globs of files a fix may change or create. Everything else is refused.' }),
  'core-paths': def({ type: list, commands: FIXING, sources: ALL, default: [], description: 'Globs of core files (e.g. `src/server/game/**` for a module-first project); changes there need `allow-core-changes` and are flagged.' }),
  'allow-core-changes': def({ type: bool, commands: FIXING, sources: ALL, default: false, description: 'Let a fix change files under `core-paths`.' }),
  'protected-paths': def({ type: list, commands: FIXING, sources: ALL, default: [], description: 'Extra globs that are never writable, on top of the built-in ones (`.github/**`, `.git/**`, binaries…).' }),
  'allow-build-file-changes': def({ type: bool, commands: FIXING, sources: ALL, default: false, description: 'Let a fix change build and CI-adjacent files (`CMakeLists.txt`, `*.cmake`, `CMakePresets.json`, `*.vcxproj`, `*.sln`, `*.props`, `*.targets`, Makefiles, build scripts). They run on the runner when the fix is built, so they are protected by default; when allowed, the pull request flags every such change. `.github/**` and other CI files stay protected.' }),
  'pass-env': def({ type: list, commands: [...FIXING, ...RELEASE], sources: ALL, default: [], description: 'Extra environment variables passed to the build, the tests, `repro-command`, static analysis and the deploy, rollback and stress commands, on top of the allow-list (PATH, HOME, TEMP/TMP, LANG/LC_*, SystemRoot, MSVC variables such as INCLUDE, LIB and VCINSTALLDIR, CC/CXX/CFLAGS, CMAKE_*, CCACHE_*). Nothing else reaches them: no API key, no token, no `INPUT_*` or `ACTIONS_*`; naming one of those is refused.' }),
  sandbox: def({ type: oneOf(['auto', 'bwrap', 'none'] as const), commands: FIXING, sources: ALL, default: 'auto', description: 'Isolation of the build, tests, reproduction and static analysis on Linux. `bwrap` runs each in its own user, PID and network namespaces with bubblewrap (no network, no view of other processes, home hidden, only the work folder writable) and fails when it cannot; `auto` does so when bubblewrap works here and says so otherwise; `none` uses only the allow-listed environment. The job summary says which was used.' }),
  'cmake-path': def({ type: text, commands: FIXING, sources: ALL, unset: '`cmake` on PATH', description: 'Path of cmake (3.16 or newer).' }),
  'build-target': def({ type: text, commands: FIXING, sources: ALL, unset: 'all targets', description: 'CMake target to build (`cmake --build --target`), e.g. `worldserver`.' }),
  'build-config': def({ type: text, commands: FIXING, sources: ALL, default: 'RelWithDebInfo', description: 'Build type: `CMAKE_BUILD_TYPE` on single-config generators, `--config` on Visual Studio.' }),
  'configure-args': def({ type: list, commands: FIXING, sources: ALL, default: [], description: 'Extra `cmake` configure arguments, e.g. `-DTOOLS=0`, used when the build folder is configured the first time.' }),
  'build-command': def({ type: text, commands: FIXING, sources: ALL, unset: '(cmake)', description: 'Your own build command instead of cmake, run in the fix work tree without a shell (quotes work; pipes and `;` do not: put them in a script).' }),
  parallel: def({ type: positiveInt, commands: FIXING, sources: ALL, computed: 'the number of CPUs', description: 'Parallel build jobs.' }),
  'build-timeout': def({ type: seconds, commands: FIXING, sources: ALL, default: 3600, description: 'Seconds one configure or build may take.' }),
  'compiler-launcher': def({ type: oneOf(['auto', 'ccache', 'sccache', 'none'] as const), commands: FIXING, sources: ALL, default: 'auto', description: 'Compiler cache passed to CMake as compiler launcher when the build folder is configured: `auto` uses ccache, else sccache, when found on PATH. (Makefile and Ninja generators; Visual Studio generators ignore launchers.)' }),
  'max-fix-attempts': def({ type: positiveInt, commands: FIXING, sources: ALL, default: 3, description: "Fixes tried per crash: when one does not compile, the compiler's errors go back to Claude for a corrected fix, up to this many fixes in all." }),
  'test-regex': def({ type: text, commands: FIXING, sources: ALL, unset: 'all tests', description: 'Only ctest tests matching this regular expression (`ctest -R`).' }),
  'test-command': def({ type: text, commands: FIXING, sources: ALL, unset: '(ctest)', description: 'Your own test command instead of ctest, run in the work tree without a shell.' }),
  'tests-block': def({ type: bool, commands: FIXING, sources: ALL, default: false, description: 'When true, failing tests stop the job (FAILED, no pull request). When false, the pull request is opened and says which tests failed.' }),
  'test-timeout': def({ type: seconds, commands: FIXING, sources: ALL, default: 1800, description: 'Seconds the tests may take.' }),
  'repro-command': def({ type: text, commands: FIXING, sources: ALL, unset: '(none)', description: 'A command that reproduces the crash, run without a shell in the work tree against the unfixed build (it should crash) and the fixed build (it must not crash within `repro-timeout`). `{build-dir}` and `{work-tree}` in it are replaced by those folders, which are also in `CRASH_AUTOFIX_BUILD_DIR` and `CRASH_AUTOFIX_WORK_TREE` (with `build-command`, the build folder is the work tree). A fixed build that still crashes fails the job.' }),
  'repro-timeout': def({ type: seconds, commands: FIXING, sources: ALL, default: 60, description: 'Seconds each reproduction run may take; a run still going then counts as not crashing.' }),
  'base-branch': def({ type: text, commands: FIXING, sources: ALL, unset: 'the branch the checkout is on', description: 'Branch the pull request targets.' }),
  'push-remote': def({ type: text, commands: FIXING, sources: ALL, default: 'origin', description: 'Git remote the fix branch is pushed to.' }),
  labels: def({ type: list, commands: FIXING, sources: ALL, default: [], description: 'Labels added to the pull request besides `automated-fix`, `crash-fix`, `needs-review` and `severity:<level>`.' }),
  reviewers: def({ type: list, commands: FIXING, sources: ALL, default: [], description: 'GitHub users asked to review the pull request.' }),
  'team-reviewers': def({ type: list, commands: FIXING, sources: ALL, default: [], description: 'GitHub teams (slugs) asked to review the pull request.' }),
  assignees: def({ type: list, commands: FIXING, sources: ALL, default: [], description: 'GitHub users assigned to the pull request.' }),
  'work-dir': def({ type: text, commands: FIXING, sources: ALL, computed: 'CLI: `<state-dir>/worktrees` when the state folder is outside the repository; else, and for the action, `~/.cache/crash-autofix/worktrees/<repo>-<hash>`', description: 'Folder (outside the repository) for the reusable work tree (`tree/`, reset to the base commit for each job) and build folder (`build/`, kept so each fix is an incremental build). One job at a time uses it; others wait. Give each repository its own. The runner checkout itself is never modified.' }),
  'artifact-retention-days': def({ type: positiveInt, commands: ['analyze', 'fix', 'scan', 'approve', 'reject', 'revise', ...RELEASE], sources: ['action', 'config'], unset: "the repository's setting", description: 'Action only: days to keep the uploaded job records (report, analysis, transcript, diff), 1 to 90.' }),
  'dump-dir': def({ type: text, commands: ['scan', 'stress'], sources: ALL, unset: '—', description: 'For `scan`: the dump share, a local folder or a Windows share (`\\\\fileserver\\dumps`). Dumps (`*.dmp`, `*.mdmp`, `*.core`, `core`, `core.<pid>`) are found up to 4 folders deep; hidden entries are skipped. Files are only read: never moved or deleted. For `stress`: the test server\'s dump folder, watched during the run: a dump of the fixed crash fails it, a dump of another crash starts an intake job for it.' }),
  'settle-time': def({ type: nonNegativeInt, commands: ['scan'], sources: ALL, default: 30, description: 'For `scan`: a dump changed less than this many seconds ago is looked at again after this long, and taken only when its size and time have not moved (a crash reporter may still be writing it); the next scan takes it otherwise. `0` takes every dump at once.' }),
  'max-new-buckets': def({ type: positiveInt, commands: ['scan'], sources: ALL, default: 20, description: 'For `scan`: most new buckets listed in `new-buckets` (one fix job each); more wait for the next scan. A workflow matrix holds at most 256 jobs.' }),
  'ledger-artifact': def({ type: bool, commands: ['scan'], sources: ['action', 'config'], default: true, description: "Action `scan` only: before the scan, restore the ledger from the newest `crash-autofix-scan-ledger` artifact of the repository (needs `actions: read`), and upload the updated ledger after it, so a scheduled scan on a fresh runner does not read the share again." }),
  'approval-environment': def({ type: text, commands: ['approve', 'reject'], sources: ALL, default: 'crash-fix-approval', description: "For `approve` and `reject`: the GitHub environment whose required reviewers are the approval gate (the job running `approve` names it in `environment:`). `approve` refuses an environment that does not exist or has no required reviewers, and merges only with an `approved` review of it in the workflow run; `reject` acts only on a `rejected` one." }),
  'merge-method': def({ type: oneOf(['squash', 'merge', 'rebase', 'auto'] as const), commands: ['approve'], sources: ALL, default: 'squash', description: 'How `approve` merges the approved pull request: `squash`, `merge` or `rebase` at the commit the gates verified, or `auto` to turn on auto-merge (squash) when branch protection requires checks first.' }),
  'job-id': def({ type: text, commands: ['approve', 'reject', ...RELEASE], sources: INVOCATION, unset: 'every job of the workflow run waiting at the gate (action); every such job in `state-dir` (CLI); for `deploy` and `stress`, the one job waiting for them', description: "For `approve` and `reject`: only this job (the fix job's `job-id` output). For `deploy` and `stress`: the job to release (the approve step's `job-ids` output names them); needed when several wait." }),
  'run-id': def({ type: positiveInt, commands: ['approve', 'reject', ...RELEASE], sources: INVOCATION, computed: '`GITHUB_RUN_ID` in Actions; none on the command line', description: "For `approve` and `reject`: the workflow run whose environment reviews decide and whose artifacts hold the fix jobs' records (for `deploy` and `stress`: the run whose artifacts hold the job, linked from each Deployment). On the command line without it, the person running the command is the approver (recorded by their user name)." }),
  reason: def({ type: text, commands: ['reject'], sources: ['cli'], unset: "the reviewer's comment in the workflow run", description: 'CLI `reject` without `run-id`: why the fix is rejected; it is quoted on the closed pull request and recorded.' }),
  'pr-number': def({ type: positiveInt, commands: ['revise'], sources: INVOCATION, unset: 'the pull request of the `pull_request_review` or `issue_comment` event that started the job (action)', description: 'For `revise`: the crash-autofix pull request to revise. Only pull requests this tool opened are revised (a `crash-autofix/` branch and the `Crash-Signature` trailer), for users with write, maintain or admin permission.' }),
  'review-id': def({ type: positiveInt, commands: ['revise'], sources: INVOCATION, unset: "the review of the `pull_request_review` event; on `issue_comment`, the comment's text after `/crash-autofix revise` is the request (action)", description: 'For `revise`: the pull-request review whose body and line comments (with their files and lines) go to Claude as the request for changes.' }),
  'max-revisions': def({ type: positiveInt, commands: ['revise'], sources: ALL, default: 3, description: 'For `revise`: most revisions of one fix a reviewer can ask for. Past it, `revise` says so in one comment and asks the model nothing.' }),
  'deploy-command': def({ type: text, commands: ['deploy'], sources: ALL, unset: '—', description: "For `deploy`: installs the release on the target and starts it, run without a shell in the allow-listed environment (a `.sh`, `.ps1`, `.cmd` or `.bat` first word runs that script with its interpreter). Placeholders: `{target}` (`test` or `production`), `{environment}`, `{build-dir}` (the packed build output: the files `release-files` chose, in their build-folder layout), `{artifact}` (its manifest, `release.json`: each file with its SHA-256), `{version}` (`<commit 12>-<release sha256 12>`) and `{commit}` (the merge commit). It must be safe to run twice: a job killed while it ran runs it again. A program it starts in the background must not keep the command's output open (redirect it)." }),
  'rollback-command': def({ type: text, commands: RELEASE, sources: ALL, unset: '(none: the failure is reported, the target keeps the new build)', description: 'For `deploy` and `stress`: puts the previous build back when the health check or the stress run fails; the same placeholders and rules as `deploy-command`.' }),
  'deploy-target': def({ type: oneOf(['test', 'production'] as const), commands: ['deploy'], sources: ALL, default: 'test', description: 'For `deploy`: `test` deploys the approved fix to the test server (then `stress` runs); `production` promotes a fix that passed its stress run.' }),
  'deploy-timeout': def({ type: seconds, commands: RELEASE, sources: ALL, default: 1800, description: 'Seconds `deploy-command` and `rollback-command` may take.' }),
  'test-environment': def({ type: text, commands: RELEASE, sources: ALL, default: 'crash-fix-test', description: 'The GitHub environment of the test server: its Deployments show on the Environments page and the pull request.' }),
  'production-environment': def({ type: text, commands: ['deploy'], sources: ALL, default: 'production', description: 'The GitHub environment of production (give it required reviewers for a second click before promotion).' }),
  'release-files': def({ type: list, commands: ['deploy'], sources: ALL, default: [], description: "For `deploy` to test: globs, relative to the fix job's build folder, of the files that make the release (e.g. `bin/RelWithDebInfo/*.exe`, `bin/RelWithDebInfo/*.dll`, `bin/RelWithDebInfo/*.conf.dist`). Empty: every program and shared library (ELF or PE) in the build folder outside `CMakeFiles`, with their `.pdb` files. Packed into the job folder with a checksum that every later step checks." }),
  'health-check': def({ type: text, commands: RELEASE, sources: ALL, unset: '(none: a deploy command that exits 0 counts as healthy, with a warning)', description: 'How to tell the server is up: `tcp://host:port` (accepts a connection), `http://…` or `https://…` (answers 2xx), or `process:NAME` (a process of that name runs). Polled every 2 s after a deploy up to `health-timeout`; during the stress run, once per `stress-interval`.' }),
  'health-timeout': def({ type: seconds, commands: RELEASE, sources: ALL, default: 120, description: 'Seconds after the deploy command for the health check to pass; then the deployment fails and is rolled back.' }),
  'stress-command': def({ type: text, commands: ['stress'], sources: ALL, unset: '(none: the run only watches health, the metric and the dumps under normal traffic)', description: "For `stress`: your load generator (bots, a replay), run without a shell in the allow-listed environment for `stress-duration`, then stopped; started again if it ends early. Placeholders as `deploy-command`. A non-zero exit counts as a failed check." }),
  'stress-duration': def({ type: seconds, commands: ['stress'], sources: ALL, default: 900, description: 'Seconds the stress run lasts. A run killed midway resumes with the time that was left.' }),
  'stress-interval': def({ type: seconds, commands: ['stress'], sources: ALL, default: 30, description: 'Seconds between checks during the stress run (health, metric, new dumps).' }),
  'stress-failure-limit': def({ type: nonNegativeInt, commands: ['stress'], sources: ALL, default: 0, description: 'Failed checks the stress run tolerates (as Argo Rollouts and Flagger judge a canary); one more fails it. A dump of the fixed crash fails it at once.' }),
  'stress-metric-command': def({ type: text, commands: ['stress'], sources: ALL, unset: '(no metric)', description: "For `stress`: prints one number on its first line of output at each check, e.g. the server's tick p99 in ms; over `stress-metric-max` is a failed check, and no number is said plainly and also counts as failed." }),
  'stress-metric-max': def({ type: positiveNumber, commands: ['stress'], sources: ALL, unset: '(required with `stress-metric-command`)', description: 'The most `stress-metric-command` may print.' }),
  'poll-interval': def({ type: seconds, commands: ['watch'], sources: ['cli', 'config'], default: 30, description: 'CLI `watch` only: seconds between scans of the dump folder.' }),
  once: def({ type: bool, commands: ['watch'], sources: ['cli'], default: false, description: 'CLI `watch` only: scan the folder once, handle every new dump, and exit (for a scheduled scan of a dump share).' }),
  notify: def({ type: bool, commands: ['watch'], sources: ['cli', 'config'], default: false, description: "CLI `watch` only: instead of running `fix` on this host, send each new dump's crash-dump event (what `notify` sends) once, so the repository's workflows do the work. Needs `dump-url-template`, `repository` and `GITHUB_TOKEN`. The dumps sent are listed by SHA-256 in `state-dir/announced-dumps.json`; a failed send is tried again at the next scan." }),
  fresh: def({ type: bool, commands: EVERY, sources: INVOCATION, default: false, description: 'Ignore the saved job record for this dump and start again (after changing settings that affect the report).' }),
  json: def({ type: bool, commands: [...ONE_CRASH, 'scan', 'stats'], sources: ['cli'], default: false, description: 'CLI only: print JSON on standard output instead of Markdown: the CrashReport (`analyze`), the job state (`fix`), the buckets (`scan`), the figures (`stats`).' }),
  since: def({ type: since, commands: ['stats'], sources: ['cli', 'config'], unset: '`30d`', description: 'For `stats`: the window\'s start, `30d` for the last 30 days (today included) or a day `2026-11-01` (UTC); the trend compares with the window of the same length before it.' }),
} as const;

export type SettingKey = keyof typeof DEFINITIONS;
export const SETTING_KEYS = Object.keys(DEFINITIONS) as SettingKey[];

export function keysFor(source: SettingSource): SettingKey[] {
  return SETTING_KEYS.filter((key) => (DEFINITIONS[key].sources as readonly SettingSource[]).includes(source));
}

/** The commands that read a setting. */
export function readersOf(key: SettingKey): readonly Command[] {
  return DEFINITIONS[key].commands;
}

export function reads(command: Command, key: SettingKey): boolean {
  return readersOf(key).includes(command);
}

/** The settings a command reads, from one source or any. */
export function keysOf(command: Command, source?: SettingSource): SettingKey[] {
  return (source === undefined ? SETTING_KEYS : keysFor(source)).filter((key) => reads(command, key));
}

/** The default as the docs and the CLI help show it: the table's value, or what not giving it means. */
export function defaultText(key: SettingKey): string {
  const d: SettingDefinition<unknown> = DEFINITIONS[key];
  if (d.unset !== undefined) return d.unset;
  if (d.computed !== undefined) return d.computed;
  const value: unknown = d.default;
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map((v) => `\`${String(v)}\``).join(', ');
  return `\`${String(value)}\``;
}

/** What a setting's value is once parsed. */
export type ValueOf<K extends SettingKey> = (typeof DEFINITIONS)[K]['type'] extends FieldType<infer T> ? T : never;
/** The settings whose default is a value in the table. */
export type ValuedKey = { [K in SettingKey]: (typeof DEFINITIONS)[K] extends { default: unknown } ? K : never }[SettingKey];
/** The settings that have no value unless given. */
export type UnsetKey = { [K in SettingKey]: (typeof DEFINITIONS)[K] extends { unset: string } ? K : never }[SettingKey];
/** The settings whose default computed-defaults.ts computes. */
export type ComputedKey = { [K in SettingKey]: (typeof DEFINITIONS)[K] extends { computed: string } ? K : never }[SettingKey];
