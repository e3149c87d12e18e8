// The install scripts as rendered. install.sh is also run for real (e2e/agent-install);
// install.ps1 cannot run here (no PowerShell, and wine has no service manager), so its
// logic is checked on its text: what it is rendered with, and the order of its steps.
import { describe, expect, it } from 'vitest';
import { installLines, renderInstallScript } from './install-scripts.ts';
import type { ReleaseSet } from './release-files.ts';

const SHA_L = 'a'.repeat(64);
const SHA_W = 'b'.repeat(64);
const releases: ReleaseSet = {
  version: '1.2.3',
  files: [
    { platform: 'linux-x64', file: 'roomwarden-agent-linux-x64', path: '/x/l', size: 10, sha256: SHA_L },
    { platform: 'win-x64', file: 'roomwarden-agent-win-x64.exe', path: '/x/w', size: 11, sha256: SHA_W },
  ],
};

function order(text: string, needles: string[]): number[] {
  return needles.map((n) => {
    const i = text.indexOf(n);
    if (i < 0) throw new Error(`missing: ${n}`);
    return i;
  });
}

describe('install.sh', () => {
  const sh = renderInstallScript('sh', 'https://rw.example.com/', releases);
  it('names this server, the version and the Linux build\'s SHA-256, and nothing is left to fill in', () => {
    expect(sh).toContain("SERVER='https://rw.example.com'");
    expect(sh).toContain("VERSION='1.2.3'");
    expect(sh).toContain(`SHA256='${SHA_L}'`);
    expect(sh).not.toMatch(/__[A-Z0-9_]+__/);
  });
  it('checks the hash before running anything it downloaded, and enrolls only when not enrolled', () => {
    const [dl, check, enrollIf, install] = order(sh, ['/api/v1/agent/releases/linux-x64', '[ "$ACTUAL" = "$SHA256" ]', 'if [ -f "$CONFIG" ]', '"$AGENT" install "$@"']);
    expect(dl).toBeLessThan(check!);
    expect(check).toBeLessThan(enrollIf!);
    expect(enrollIf).toBeLessThan(install!);
  });
});

describe('install.ps1', () => {
  const ps1 = renderInstallScript('ps1', 'https://rw.example.com', releases);
  it('names this server, the version and the Windows build\'s SHA-256, with CRLF line ends', () => {
    expect(ps1).toContain("$Server = 'https://rw.example.com'");
    expect(ps1).toContain(`$Sha256 = '${SHA_W}'`);
    expect(ps1).not.toMatch(/__[A-Z0-9_]+__/);
    expect(ps1.split('\r\n').length).toBeGreaterThan(50);
    expect(ps1.replace(/\r\n/g, '')).not.toContain('\n');
  });
  it('restricts the data directory, downloads, checks the hash, enrolls unless enrolled, then installs the service', () => {
    const steps = order(ps1, [
      "icacls.exe $DataDir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F'",
      'Invoke-WebRequest -UseBasicParsing -Uri "$Server/api/v1/agent/releases/win-x64"',
      'Get-FileHash -Algorithm SHA256',
      'if ($Actual -ne $Sha256)',
      'if (Test-Path $Config)',
      "$enrollArgs = @('enroll', '--server', $Server, '--token', $Token, '--config', $Config)",
      "$installArgs = @('install', '--config', $Config)",
      '& $Download @installArgs',
    ]);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });
  it('refuses to run without elevation, and stops on a failed enroll or install', () => {
    expect(ps1).toContain('WindowsBuiltInRole]::Administrator');
    expect(ps1).toContain('if ($LASTEXITCODE -ne 0) { Fail "enrollment failed');
    expect(ps1).toContain('if ($LASTEXITCODE -ne 0) { Fail "installing the service failed');
  });
  it('sets an installed TightVNC or UltraVNC to loopback only', () => {
    expect(ps1).toContain("Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\TightVNC\\Server' -Name 'LoopbackOnly' -Value 1");
    expect(ps1).toContain('ultravnc.ini');
  });
});

describe('the lines to paste', () => {
  it('Linux: curl | sudo sh with the token; Windows: elevated PowerShell running install.ps1 with -Token', () => {
    expect(installLines('https://rw.example.com/', 'rwe_abc-DEF_1')).toEqual({
      linux: 'curl -fsSL https://rw.example.com/api/v1/agent/install.sh | sudo sh -s -- --token rwe_abc-DEF_1',
      windows: "& ([scriptblock]::Create((irm 'https://rw.example.com/api/v1/agent/install.ps1'))) -Token 'rwe_abc-DEF_1'",
    });
  });
  it('a server URL that does not belong in a script is refused', () => {
    expect(() => renderInstallScript('sh', "https://x'; rm -rf /", releases)).toThrow(/cannot go into an install script/);
  });
});
