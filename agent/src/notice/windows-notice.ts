// The notice on Windows: the PowerShell + WinForms helper (windows-notice-script.ts),
// started when the first session goes live, told the label on its stdin, killed when the
// last session ends. It watches the agent's PID itself, so a crashed agent leaves no ring.
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { AgentLogger } from '../agent-connection.ts';
import type { NoticeDisplay } from './notice-display.ts';
import type { WantedNotice } from './session-notice.ts';
import { NOTICE_SCRIPT, NOTICE_SCRIPT_NAME, noticeHelperCommand, noticeTextLine } from './windows-notice-script.ts';

type Spawn = (command: string, args: string[], options: { stdio: ['pipe', 'ignore', 'pipe']; windowsHide: boolean }) => ChildProcess;

export interface WindowsNoticeOptions {
  /** Where the helper script is written (the agent's state directory, next to its credentials). */
  stateDir: string;
  log: AgentLogger;
  /** Tests: instead of node:child_process spawn. */
  spawn?: Spawn;
  parentPid?: number;
  /** A helper that dies while a session is live is started again, at most this often (default 5 s). */
  restartMs?: number;
}

export class WindowsNoticeDisplay implements NoticeDisplay {
  readonly describe = 'Windows desktop';
  private child: ChildProcess | undefined;
  private wanted: WantedNotice = { kind: 'none' };
  private restartTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private closing = false;

  constructor(private readonly options: WindowsNoticeOptions) {}

  available(): boolean {
    return this.failures < 3;
  }

  get scriptPath(): string {
    return path.join(this.options.stateDir, NOTICE_SCRIPT_NAME);
  }

  show(notice: WantedNotice): void {
    this.wanted = notice;
    if (notice.kind === 'none') {
      this.stopHelper();
      return;
    }
    if (!this.child) this.startHelper();
    this.child?.stdin?.write(noticeTextLine(notice.text));
  }

  close(): Promise<void> {
    this.closing = true;
    this.wanted = { kind: 'none' };
    clearTimeout(this.restartTimer);
    this.stopHelper();
    return Promise.resolve();
  }

  private startHelper(): void {
    try {
      fs.mkdirSync(this.options.stateDir, { recursive: true });
      fs.writeFileSync(this.scriptPath, NOTICE_SCRIPT, { mode: 0o644 });
    } catch (err) {
      this.failures++;
      this.options.log.warn('cannot write the in-room notice helper', { file: this.scriptPath, err: (err as Error).message });
      return;
    }
    const { command, args } = noticeHelperCommand(this.scriptPath, this.options.parentPid ?? process.pid);
    const child = (this.options.spawn ?? (nodeSpawn as unknown as Spawn))(command, args, { stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.stdin?.on('error', (err) => this.options.log.warn('the in-room notice helper stopped reading', { err: err.message }));
    child.on('error', (err) => {
      if (this.child === child) this.child = undefined;
      this.failures++;
      this.options.log.warn('cannot start the in-room notice helper', { command, err: err.message });
      this.restartLater();
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return; // stopped on purpose
      this.child = undefined;
      this.failures++;
      this.options.log.warn('the in-room notice helper exited while a session is live', { code, signal, stderr: stderr.trim() });
      this.restartLater();
    });
  }

  private stopHelper(): void {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    child.stdin?.end(); // the helper closes itself when its stdin closes
    child.kill();
  }

  private restartLater(): void {
    if (this.closing || this.restartTimer || !this.available()) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.wanted.kind === 'ring') this.show(this.wanted);
    }, this.options.restartMs ?? 5_000);
    this.restartTimer.unref();
  }
}
