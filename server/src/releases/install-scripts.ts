// The install scripts consoles run (GET /api/v1/agent/install.sh and install.ps1): the
// files beside this one, with this server's public URL, the build's version and its
// SHA-256 written in, and the one line to paste for each, as Settings > Enrollment shows.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ReleaseSet } from './release-files.ts';

export type InstallScriptKind = 'sh' | 'ps1';

const TEMPLATES: Record<InstallScriptKind, string> = {
  sh: fs.readFileSync(fileURLToPath(new URL('./install.sh', import.meta.url)), 'utf8'),
  ps1: fs.readFileSync(fileURLToPath(new URL('./install.ps1', import.meta.url)), 'utf8'),
};

/** A value put inside single quotes in sh or PowerShell: only URL-safe characters get there. */
function quotable(value: string, what: string): string {
  if (!/^[A-Za-z0-9:/._~%+@!$&()*,;=?#[\]-]*$/.test(value) || value.includes("'")) throw new Error(`${what} cannot go into an install script: ${value}`);
  return value;
}

export function renderInstallScript(kind: InstallScriptKind, publicUrl: string, releases: ReleaseSet): string {
  const sha = (platform: 'linux-x64' | 'win-x64') => releases.files.find((f) => f.platform === platform)?.sha256 ?? '';
  const text = TEMPLATES[kind]
    .replaceAll('__SERVER__', quotable(publicUrl.replace(/\/+$/, ''), 'the public URL'))
    .replaceAll('__VERSION__', quotable(releases.version ?? '', 'the version'))
    .replaceAll('__SHA256_LINUX_X64__', sha('linux-x64'))
    .replaceAll('__SHA256_WIN_X64__', sha('win-x64'));
  // PowerShell 5.1 reads a script without a BOM in the ANSI code page; the script is ASCII, and its lines end in CRLF.
  return kind === 'ps1' ? text.replace(/\r?\n/g, '\r\n') : text;
}

/** A token goes into the line as it is (the server makes them from [A-Za-z0-9_-]); {token} is the portal's placeholder. */
export function installLines(publicUrl: string, token: string): { linux: string; windows: string } {
  const base = publicUrl.replace(/\/+$/, '');
  const t = /^([A-Za-z0-9_-]+|\{token\})$/.test(token) ? token : `'${token.replace(/'/g, '')}'`;
  return {
    linux: `curl -fsSL ${base}/api/v1/agent/install.sh | sudo sh -s -- --token ${t}`,
    windows: `& ([scriptblock]::Create((irm '${base}/api/v1/agent/install.ps1'))) -Token '${token.replace(/'/g, '')}'`,
  };
}
