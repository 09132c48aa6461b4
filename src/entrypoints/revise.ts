/** What revise/action.yml starts (dist/revise/index.js): the action's run() with the `revise` command. */
import { run } from './action/run-action.js';

await run('revise');
