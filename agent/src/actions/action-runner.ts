// Runs a room action's command: through the platform's shell, with a time limit (killed,
// with its children, when it passes), one run at a time per action. Keeps the first lines
// of stdout and stderr together (at most MAX_ACTION_OUTPUT_CHARS) and answers what the
// protocol's action.result says: succeeded (exit 0), failed (another exit status, or the
// command could not start), timed_out, unavailable (no command for it).
import { spawn, type ChildProcess } from 'node:child_process';
import { MAX_ACTION_OUTPUT_CHARS, ROOM_ACTIONS, type ActionOutcome, type RoomAction } from '@roomwarden/protocol';
import type { ActionCommands } from './action-commands.ts';

export const DEFAULT_ACTION_TIMEOUT_MS = 120_000;
const CUT_MARK = '\n[output cut]';

export interface ActionRunResult {
  outcome: ActionOutcome;
  exitCode: number | null;
  output: string;
  message?: string;
}

/** The first lines of a stream, bounded: what does not fit is dropped, and the cut is marked. */
export class FirstLines {
  #text = '';
  #cut = false;
  constructor(private readonly max: number = MAX_ACTION_OUTPUT_CHARS) {}

  add(chunk: string): void {
    if (this.#cut) return;
    this.#text += chunk;
    if (this.#text.length > this.max) {
      this.#cut = true;
      const kept = this.#text.slice(0, this.max - CUT_MARK.length);
      const lastNewline = kept.lastIndexOf('\n');
      this.#text = (lastNewline > 0 ? kept.slice(0, lastNewline) : kept) + CUT_MARK;
    }
  }

  get text(): string {
    return this.#text;
  }
}

export interface ActionRunnerOptions {
  commands: ActionCommands;
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

export class ActionRunner {
  readonly #running = new Set<RoomAction>();
  readonly #timeoutMs: number;
  readonly #platform: NodeJS.Platform;

  constructor(private readonly options: ActionRunnerOptions) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS;
    this.#platform = options.platform ?? process.platform;
  }

  /** The actions this agent has a command for (hello's capabilities.actions). */
  available(): RoomAction[] {
    return ROOM_ACTIONS.filter((a) => Boolean(this.options.commands[a]));
  }

  async run(action: RoomAction): Promise<ActionRunResult> {
    const command = this.options.commands[action];
    if (!command) return { outcome: 'unavailable', exitCode: null, output: '', message: `this agent has no command for ${action} (start it with --action ${action}=COMMAND)` };
    if (this.#running.has(action)) return { outcome: 'failed', exitCode: null, output: '', message: `${action} is already running on this agent` };
    this.#running.add(action);
    try {
      return await this.#spawn(command);
    } finally {
      this.#running.delete(action);
    }
  }

  #spawn(command: string): Promise<ActionRunResult> {
    const output = new FirstLines();
    const windows = this.#platform === 'win32';
    return new Promise((resolve) => {
      let child: ChildProcess;
      try {
        // Its own process group on POSIX, so that a timeout kills the shell's children too.
        child = spawn(command, { shell: true, windowsHide: true, detached: !windows, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (err) {
        resolve({ outcome: 'failed', exitCode: null, output: '', message: `cannot start the command: ${(err as Error).message}`.slice(0, 500) });
        return;
      }
      let timedOut = false;
      let spawnError: Error | undefined;
      const timer = setTimeout(() => {
        timedOut = true;
        kill(child, windows);
      }, this.#timeoutMs);
      child.stdout?.setEncoding('utf8').on('data', (d: string) => output.add(d));
      child.stderr?.setEncoding('utf8').on('data', (d: string) => output.add(d));
      child.once('error', (err) => (spawnError = err));
      child.once('close', (code) => {
        clearTimeout(timer);
        if (timedOut) resolve({ outcome: 'timed_out', exitCode: null, output: output.text, message: `the command did not finish within ${Math.round(this.#timeoutMs / 1000)} s and was stopped` });
        else if (spawnError) resolve({ outcome: 'failed', exitCode: null, output: output.text, message: `cannot start the command: ${spawnError.message}`.slice(0, 500) });
        else if (code === 0) resolve({ outcome: 'succeeded', exitCode: 0, output: output.text });
        else resolve({ outcome: 'failed', exitCode: code, output: output.text, ...(code === null ? { message: 'the command was killed' } : {}) });
      });
    });
  }
}

function kill(child: ChildProcess, windows: boolean): void {
  if (child.pid === undefined) return;
  try {
    if (windows) spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' });
    else process.kill(-child.pid, 'SIGKILL');
  } catch (err) {
    // Already gone: its close event follows. Anything else leaves the child to its own end.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') child.kill('SIGKILL');
  }
}
