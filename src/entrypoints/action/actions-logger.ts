import * as core from '@actions/core';
import type { AnnotationLocation, Logger } from '../../pipeline/logger.js';
import type { Redactor } from '../../base/redact.js';

/** Logger backed by the Actions toolkit: groups, annotations, all redacted. */
export class ActionsLogger implements Logger {
  constructor(private readonly redactor: Redactor) {}

  group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    return core.group(this.redactor.redact(title), fn);
  }
  info(message: string): void {
    core.info(this.redactor.redact(message));
  }
  warning(message: string, location?: AnnotationLocation): void {
    core.warning(this.redactor.redact(message), toProperties(location));
  }
  error(message: string, location?: AnnotationLocation): void {
    core.error(this.redactor.redact(message), toProperties(location));
  }
}

function toProperties(location: AnnotationLocation | undefined): core.AnnotationProperties | undefined {
  if (!location) return undefined;
  return { file: location.file, startLine: location.line, title: location.title };
}
