/** What analyze/action.yml starts (dist/analyze/index.js): the action's run() with the `analyze` command. */
import { run } from './action/run-action.js';

await run('analyze');
