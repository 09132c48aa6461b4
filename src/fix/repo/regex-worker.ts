import { Worker } from 'node:worker_threads';
import { ToolInputError } from '../../base/errors.js';

export interface SearchFile {
  path: string;
  text: string;
}

export interface SearchResult {
  matches: Array<{ path: string; line: number; text: string }>;
  truncated: boolean;
}

/**
 * Matching runs in a worker thread that is terminated on timeout: a JavaScript
 * RegExp cannot be interrupted, and the pattern comes from the model. The
 * source is inline (no separate file to bundle) and runs in either module mode.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const { pattern, files, maxMatches, maxLineChars } = workerData;
const re = new RegExp(pattern);
const matches = [];
let truncated = false;
outer: for (const file of files) {
  const lines = file.text.split(/\\r?\\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].length > maxLineChars ? lines[i].slice(0, maxLineChars) : lines[i];
    if (re.test(line)) {
      if (matches.length >= maxMatches) { truncated = true; break outer; }
      matches.push({ path: file.path, line: i + 1, text: line.length > 300 ? line.slice(0, 300) + '…' : line });
    }
  }
}
parentPort.postMessage({ matches, truncated });
`;

export function runSearch(pattern: string, files: SearchFile[], limits: { maxMatches: number; maxLineChars: number; timeoutMs: number }): Promise<SearchResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pattern, files, maxMatches: limits.maxMatches, maxLineChars: limits.maxLineChars },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    let settled = false;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      action();
    };
    const timer = setTimeout(() => {
      finish(() =>
        reject(new ToolInputError(`search pattern ${JSON.stringify(pattern)} took longer than ${limits.timeoutMs / 1000} s; use a simpler pattern without nested quantifiers such as (a+)+`)),
      );
    }, limits.timeoutMs);
    worker.on('message', (result: SearchResult) => finish(() => resolve(result)));
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`search worker exited with code ${code}`))));
  });
}
