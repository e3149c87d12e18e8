// The Windows notice helper: a PowerShell script the agent writes to its state directory
// and starts while a session is live. It shows one borderless, topmost, click-through
// window over the whole desktop (layered + transparent extended styles; the middle is the
// TransparencyKey colour, so it is not drawn and takes no clicks), with the red ring at the
// edges and the label at the top centre. The agent sends the label on stdin
// ("TEXT <base64 of UTF-8>" lines); the helper exits when its stdin closes or when the
// agent's process (its parent PID) is gone, so the ring never outlives the agent.
import { DEFAULT_BAR_PX, RING_RGB } from './ring-layout.ts';

export const NOTICE_SCRIPT_NAME = 'roomwarden-notice.ps1';

/** One line of the helper's stdin protocol. */
export function noticeTextLine(text: string): string {
  return `TEXT ${Buffer.from(text, 'utf8').toString('base64')}\n`;
}

/** How the agent starts the helper (powershell.exe is on every Windows since 7). */
export function noticeHelperCommand(scriptPath: string, parentPid: number, bar = DEFAULT_BAR_PX): { command: string; args: string[] } {
  return {
    command: 'powershell.exe',
    args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-WindowStyle', 'Hidden', '-File', scriptPath, '-ParentPid', String(parentPid), '-Bar', String(bar)],
  };
}

export const NOTICE_SCRIPT = `# Roomwarden: the in-room notice while a remote session is live (written by the agent).
param([Parameter(Mandatory = $true)][int]$ParentPid, [int]$Bar = ${DEFAULT_BAR_PX})
$ErrorActionPreference = 'Stop'
Add-Type -AssemblyName System.Windows.Forms
Add-Type -AssemblyName System.Drawing
Add-Type -ReferencedAssemblies System.Windows.Forms, System.Drawing -TypeDefinition @'
using System;
using System.Drawing;
using System.Runtime.InteropServices;
using System.Windows.Forms;
public class RoomwardenNoticeForm : Form {
  const int WS_EX_TOPMOST = 0x8, WS_EX_TRANSPARENT = 0x20, WS_EX_TOOLWINDOW = 0x80, WS_EX_LAYERED = 0x80000, WS_EX_NOACTIVATE = 0x8000000;
  static readonly IntPtr HWND_TOPMOST = new IntPtr(-1);
  const uint SWP_NOSIZE = 0x1, SWP_NOMOVE = 0x2, SWP_NOACTIVATE = 0x10;
  [DllImport("user32.dll")] static extern bool SetWindowPos(IntPtr hWnd, IntPtr after, int x, int y, int cx, int cy, uint flags);
  static readonly Color Key = Color.FromArgb(1, 2, 3);
  static readonly Color Ring = Color.FromArgb(${RING_RGB.red}, ${RING_RGB.green}, ${RING_RGB.blue});
  public string Label = "Remote session in progress";
  public int Bar = ${DEFAULT_BAR_PX};
  public RoomwardenNoticeForm() {
    FormBorderStyle = FormBorderStyle.None;
    ShowInTaskbar = false;
    TopMost = true;
    StartPosition = FormStartPosition.Manual;
    Bounds = SystemInformation.VirtualScreen;
    BackColor = Key;
    TransparencyKey = Key;
    DoubleBuffered = true;
    Text = "Roomwarden remote session notice";
  }
  protected override bool ShowWithoutActivation { get { return true; } }
  protected override CreateParams CreateParams {
    get { CreateParams cp = base.CreateParams; cp.ExStyle |= WS_EX_TOPMOST | WS_EX_TRANSPARENT | WS_EX_TOOLWINDOW | WS_EX_LAYERED | WS_EX_NOACTIVATE; return cp; }
  }
  public void KeepOnTop() { SetWindowPos(Handle, HWND_TOPMOST, 0, 0, 0, 0, SWP_NOMOVE | SWP_NOSIZE | SWP_NOACTIVATE); }
  // stdin is read on a background thread (Console.In's async reads block on .NET Framework).
  public static readonly System.Collections.Concurrent.ConcurrentQueue<string> Lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
  public static volatile bool InputClosed = false;
  public static void ReadInput() {
    System.Threading.Thread t = new System.Threading.Thread(() => {
      string line;
      while ((line = Console.In.ReadLine()) != null) Lines.Enqueue(line);
      InputClosed = true;
    });
    t.IsBackground = true;
    t.Start();
  }
  protected override void OnPaint(PaintEventArgs e) {
    Graphics g = e.Graphics;
    int w = ClientSize.Width, h = ClientSize.Height;
    using (SolidBrush red = new SolidBrush(Ring))
    using (Font font = new Font("Segoe UI", 14, FontStyle.Bold)) {
      g.FillRectangle(red, 0, 0, w, Bar);
      g.FillRectangle(red, 0, h - Bar, w, Bar);
      g.FillRectangle(red, 0, 0, Bar, h);
      g.FillRectangle(red, w - Bar, 0, Bar, h);
      Size size = TextRenderer.MeasureText(Label, font);
      int lw = Math.Min(w - 2 * Bar, size.Width + 24), lh = size.Height + 10, lx = (w - lw) / 2;
      g.FillRectangle(red, lx, Bar, lw, lh);
      TextRenderer.DrawText(g, Label, font, new Rectangle(lx, Bar, lw, lh), Color.White, TextFormatFlags.HorizontalCenter | TextFormatFlags.VerticalCenter | TextFormatFlags.EndEllipsis | TextFormatFlags.SingleLine);
    }
  }
}
'@
$parent = [System.Diagnostics.Process]::GetProcessById($ParentPid)
$form = New-Object RoomwardenNoticeForm
$form.Bar = $Bar
[RoomwardenNoticeForm]::ReadInput()
$timer = New-Object System.Windows.Forms.Timer
$timer.Interval = 250
$timer.Add_Tick({
  if ($parent.HasExited) { $form.Close(); return }
  $line = $null
  while ([RoomwardenNoticeForm]::Lines.TryDequeue([ref]$line)) {
    if ($line.StartsWith('TEXT ')) {
      $form.Label = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($line.Substring(5)))
      $form.Invalidate()
    }
  }
  if ([RoomwardenNoticeForm]::InputClosed -and [RoomwardenNoticeForm]::Lines.IsEmpty) { $form.Close(); return }
  $form.KeepOnTop()
})
$timer.Start()
[System.Windows.Forms.Application]::Run($form)
`;
