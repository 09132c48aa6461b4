import { DEFINITIONS, keysFor } from '../settings/definitions.js';

export function helpText(version: string): string {
  const flags = keysFor('cli')
    .map((key) => {
      const d = DEFINITIONS[key];
      const arg = d.type.expected === 'true or false' ? '' : ' VALUE';
      return `  --${key}${arg}\n      ${d.description.replace(/`/g, '')} Default: ${d.defaultText.replace(/`/g, '')}.`;
    })
    .join('\n');
  return `crash-autofix ${version}: crash dump triage for C/C++ programs

Usage:
  crash-autofix analyze --dump FILE [--executable FILE] [--symbols DIR] [--source-root DIR] [--json]
  crash-autofix analyze --from-output FILE [--debugger cdb|gdb] [--source-root DIR]
  crash-autofix fix --dump FILE [--exe FILE] [--source-root DIR]
  crash-autofix fix --report report.json [--source-root DIR]
  crash-autofix run --dump FILE ...            (the same as fix)
  crash-autofix watch DIR [--once] [--poll-interval 30] [--exe FILE] ...

Commands:
  analyze   Read a dump with gdb or cdb (or a saved debugger text) and write a CrashReport
            (report.json, report.md) into the job folder under --state-dir.
  fix, run  Then ask Claude (ANTHROPIC_API_KEY) for the root cause and a fix, apply it in the
            reusable work tree under --work-dir, build it, and with GITHUB_TOKEN and
            --repository run the gates (--repro-command on the unfixed and fixed builds, the
            tests, static analysis) and open a draft pull request.
  watch     Every new dump in DIR through 'fix', once each (also across restarts).

Options (also settable in .github/crash-autofix.yml, except the per-run ones):
${flags}

Exit codes: 0 done, 1 the job (or a watched dump's job) failed, 2 bad usage or settings.
`;
}
