/** Where progress goes: `core.*` in Actions, standard error on the CLI. */
export interface Logger {
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  info(message: string): void;
  warning(message: string, location?: AnnotationLocation): void;
  error(message: string, location?: AnnotationLocation): void;
}

export interface AnnotationLocation {
  file?: string;
  line?: number;
  title?: string;
}

/** A logger that keeps everything, for tests and for quiet library use. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  readonly groups: string[] = [];
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.groups.push(title);
    this.lines.push(`::group::${title}`);
    try {
      return await fn();
    } finally {
      this.lines.push('::endgroup::');
    }
  }
  info(message: string): void {
    this.lines.push(message);
  }
  warning(message: string): void {
    this.lines.push(`warning: ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error: ${message}`);
  }
}
