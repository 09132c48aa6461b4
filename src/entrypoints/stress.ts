/** What stress/action.yml starts (dist/stress/index.js): the action's run() with the `stress` command. */
import { run } from './action/run-action.js';

await run('stress');
