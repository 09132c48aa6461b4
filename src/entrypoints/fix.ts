/** What the root action.yml starts (dist/action/index.js): the action's run() with the `fix` command. */
import { run } from './action/run-action.js';

await run('fix');
