// The Windows helper cannot run here (wine has no PowerShell): what is checked is the
// script's text, the command line, the stdin protocol, and the helper's lifecycle with a
// stand-in child process.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../agent-connection.ts';
import { WindowsNoticeDisplay } from './windows-notice.ts';
import { NOTICE_SCRIPT, NOTICE_SCRIPT_NAME, noticeHelperCommand, noticeTextLine } from './windows-notice-script.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

class FakeChild extends EventEmitter {
  readonly stdin = new PassThrough();
  readonly stderr = new PassThrough();
  written = '';
  killed = false;
  constructor() {
    super();
    this.stdin.on('data', (c: Buffer) => (this.written += c.toString('utf8')));
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
}

describe('the Windows notice helper script', () => {
  it('is a topmost, click-through, layered window with a transparent middle that watches its parent', () => {
    expect(NOTICE_SCRIPT).toContain('param([Parameter(Mandatory = $true)][int]$ParentPid');
    expect(NOTICE_SCRIPT).toContain('WS_EX_TRANSPARENT = 0x20');
    expect(NOTICE_SCRIPT).toContain('WS_EX_LAYERED = 0x80000');
    expect(NOTICE_SCRIPT).toContain('cp.ExStyle |= WS_EX_TOPMOST | WS_EX_TRANSPARENT | WS_EX_TOOLWINDOW | WS_EX_LAYERED | WS_EX_NOACTIVATE');
    expect(NOTICE_SCRIPT).toContain('TransparencyKey = Key');
    expect(NOTICE_SCRIPT).toContain('TopMost = true');
    expect(NOTICE_SCRIPT).toContain('ShowWithoutActivation { get { return true; } }');
    expect(NOTICE_SCRIPT).toContain('Color.FromArgb(209, 52, 56)');
    expect(NOTICE_SCRIPT).toContain('if ($parent.HasExited) { $form.Close(); return }');
    // stdin on a background thread; its end (the agent gone or done) closes the window.
    expect(NOTICE_SCRIPT).toContain('while ((line = Console.In.ReadLine()) != null) Lines.Enqueue(line);');
    expect(NOTICE_SCRIPT).toContain('if ([RoomwardenNoticeForm]::InputClosed -and [RoomwardenNoticeForm]::Lines.IsEmpty) { $form.Close(); return }');
    expect(NOTICE_SCRIPT).toContain("[System.Convert]::FromBase64String($line.Substring(5))");
    // PowerShell here-strings need their terminator at the start of a line.
    expect(NOTICE_SCRIPT).toMatch(/@'\nusing System;[\s\S]*\n'@\n/);
  });

  it('is started hidden, without a profile, with the parent PID', () => {
    expect(noticeHelperCommand('C:\\ProgramData\\Roomwarden\\roomwarden-notice.ps1', 4242)).toEqual({
      command: 'powershell.exe',
      args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-WindowStyle', 'Hidden', '-File', 'C:\\ProgramData\\Roomwarden\\roomwarden-notice.ps1', '-ParentPid', '4242', '-Bar', '8'],
    });
  });

  it('gets the label as base64 UTF-8 lines', () => {
    const line = noticeTextLine('Remote session: Zoë (control)');
    expect(line).toMatch(/^TEXT [A-Za-z0-9+/=]+\n$/);
    expect(Buffer.from(line.slice(5).trim(), 'base64').toString('utf8')).toBe('Remote session: Zoë (control)');
  });
});

describe('WindowsNoticeDisplay', () => {
  it('writes the script, starts the helper on the first ring, sends each label, and stops it when the last session ends', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-notice-'));
    dirs.push(stateDir);
    const started: Array<{ command: string; args: string[]; child: FakeChild }> = [];
    const display = new WindowsNoticeDisplay({
      stateDir,
      log: silentLogger,
      parentPid: 777,
      spawn: (command, args) => {
        const child = new FakeChild();
        started.push({ command, args, child });
        return child as unknown as ChildProcess;
      },
    });
    display.show({ kind: 'ring', viewers: [{ name: 'Ada', control: true }], text: 'Remote session: Ada (control)' });
    display.show({ kind: 'ring', viewers: [], text: 'Remote session: Ada (control), Bob (watching)' });
    expect(started).toHaveLength(1);
    expect(started[0]?.args).toContain(path.join(stateDir, NOTICE_SCRIPT_NAME));
    expect(started[0]?.args.slice(-4)).toEqual(['-ParentPid', '777', '-Bar', '8']);
    expect(fs.readFileSync(path.join(stateDir, NOTICE_SCRIPT_NAME), 'utf8')).toBe(NOTICE_SCRIPT);
    const child = started[0]!.child;
    await new Promise((r) => setImmediate(r));
    expect(child.written).toBe(noticeTextLine('Remote session: Ada (control)') + noticeTextLine('Remote session: Ada (control), Bob (watching)'));
    display.show({ kind: 'none' });
    expect(child.killed).toBe(true);
    expect(child.stdin.writableEnded).toBe(true);
    display.show({ kind: 'ring', viewers: [], text: 'Remote session in progress' });
    expect(started).toHaveLength(2);
    await display.close();
    expect(started[1]?.child.killed).toBe(true);
  });

  it('starts the helper again when it dies while a session is live', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-notice-'));
    dirs.push(stateDir);
    const children: FakeChild[] = [];
    const display = new WindowsNoticeDisplay({
      stateDir,
      log: silentLogger,
      restartMs: 10,
      spawn: () => {
        const c = new FakeChild();
        children.push(c);
        return c as unknown as ChildProcess;
      },
    });
    display.show({ kind: 'ring', viewers: [], text: 'Remote session in progress' });
    children[0]?.emit('exit', 1, null);
    await new Promise((r) => setTimeout(r, 50));
    expect(children).toHaveLength(2);
    await display.close();
  });
});
