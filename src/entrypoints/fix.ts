/** What the runner starts (dist/action/index.js): the action's run(), from src/main.ts, which only exports it. */
import { run } from './action/run-action.js';

await run();
