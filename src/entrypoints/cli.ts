#!/usr/bin/env node
/** What `crash-autofix` starts (dist/cli/index.js): the CLI's run(), from src/cli.ts, which only exports it. */
import { run } from './cli/run-cli.js';

process.exitCode = await run();
