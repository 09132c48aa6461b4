import path from 'node:path';
import type { Settings } from '../settings/build-settings.js';

/**
 * The repository's own scripts that the settings run (`build-command`,
 * `test-command`, `repro-command`), as repository-relative paths: a fix may
 * change them only as build files, since they run on the runner.
 */
export function repositoryScripts(settings: Pick<Settings, 'buildCommand' | 'testCommand' | 'reproCommand' | 'sourceRoot'>): string[] {
  const programs = [settings.buildCommand, settings.testCommand, settings.reproCommand].map((argv) => argv?.[0]).filter((p): p is string => p !== undefined);
  const out = new Set<string>();
  for (const program of programs) {
    const inTree = program.replace(/^\{work-tree\}[\\/]/, '');
    if (inTree === program && !/[\\/]/.test(program)) continue; // a program found on PATH
    if (program.startsWith('{build-dir}')) continue; // a build output, not a source file
    const rel = path.isAbsolute(inTree) ? path.relative(settings.sourceRoot, inTree) : path.normalize(inTree);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    // Used as a glob by the write policy: escape what picomatch would read as a pattern.
    out.add(rel.split(path.sep).join('/').replace(/[*?[\]{}()!+@]/g, '\\$&'));
  }
  return [...out];
}
