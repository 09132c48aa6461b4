/** What deploy/action.yml starts (dist/deploy/index.js): the action's run() with the `deploy` command. */
import { run } from './action/run-action.js';

await run('deploy');
