import type { AnnotationLocation, Logger } from '../../pipeline/logger.js';
import type { Redactor } from '../../base/redact.js';

/** Progress for a terminal: to standard error, so standard output stays the report. */
export class ConsoleLogger implements Logger {
  constructor(
    private readonly redactor: Redactor,
    private readonly write: (text: string) => void = (t) => process.stderr.write(t),
  ) {}

  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    this.write(`▶ ${this.redactor.redact(title)}\n`);
    try {
      const result = await fn();
      this.write(`  done in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
      return result;
    } catch (e) {
      this.write(`  failed after ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
      throw e;
    }
  }
  info(message: string): void {
    this.write(`  ${this.redactor.redact(message)}\n`);
  }
  warning(message: string, location?: AnnotationLocation): void {
    this.write(`warning: ${where(location)}${this.redactor.redact(message)}\n`);
  }
  error(message: string, location?: AnnotationLocation): void {
    this.write(`error: ${where(location)}${this.redactor.redact(message)}\n`);
  }
}

function where(location: AnnotationLocation | undefined): string {
  if (!location?.file) return '';
  return location.line ? `${location.file}:${location.line}: ` : `${location.file}: `;
}
