/** What scan/action.yml starts (dist/scan/index.js): the action's run() with the `scan` command. */
import { run } from './action/run-action.js';

await run('scan');
