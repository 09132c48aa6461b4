/** What approve/action.yml starts (dist/approve/index.js): the action's run() with the `approve` command. */
import { run } from './action/run-action.js';

await run('approve');
