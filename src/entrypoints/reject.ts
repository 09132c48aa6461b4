/** What reject/action.yml starts (dist/reject/index.js): the action's run() with the `reject` command. */
import { run } from './action/run-action.js';

await run('reject');
