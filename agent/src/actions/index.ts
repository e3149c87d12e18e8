// Room actions on the agent: which command each action runs, and running it.
export { actionCommands, defaultActionCommands, type ActionCommands } from './action-commands.ts';
export { ActionRunner, DEFAULT_ACTION_TIMEOUT_MS, FirstLines, type ActionRunResult } from './action-runner.ts';
