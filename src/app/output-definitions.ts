/** The action's outputs, documented once for action.yml and the README. */
export const OUTPUT_DEFINITIONS: Readonly<Record<string, string>> = {
  status: 'Where the job stopped: `ANALYSIS_PENDING` when the report was written, `FAILED` otherwise.',
  'job-id': 'Id of the job (first 16 hex digits of the input\'s content fingerprint); the same dump always gets the same id.',
  'job-dir': 'Folder holding the job record and report files.',
  signature: 'Stable crash signature, `<kind>-<12 hex>`; the same bug gives the same signature across runs and builds.',
  'report-json': 'Path of the CrashReport JSON.',
  'report-markdown': 'Path of the report rendered as Markdown.',
  'exception-code': 'Exception code: a signal name (`SIGSEGV`) or a Windows code (`c0000005`).',
  culprit: 'Repository-relative `file:line` of the frame blamed for the crash (empty when no frame maps into the repository).',
  'culprit-function': 'Function of the culprit frame.',
  error: 'The one-line reason when the job failed.',
};
