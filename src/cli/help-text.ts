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

Commands:
  analyze   Read a dump with gdb or cdb (or a saved debugger text) and write a CrashReport
            (report.json, report.md) into the job folder under --state-dir.

Options (also settable in .github/crash-autofix.yml, except the per-run ones):
${flags}

Exit codes: 0 report written, 1 the job failed, 2 bad usage or settings.
`;
}
