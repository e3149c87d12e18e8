// The systemd unit `roomwarden-agent install` writes: starts at boot once the network is
// up, restarts on failure (and after a self-update exits), never after exit code 3 (a
// revoked device or refused credential: restarting would only be refused again).
import path from 'node:path';
import { SERVICE_ENV, type ServiceLayout } from './service-layout.ts';

/** Exit code of `run` for a revoked device or refused credential (not restarted). */
export const EXIT_NOT_ACCEPTED = 3;

/** One ExecStart word, quoted as systemd.syntax(7) reads it; % and $ are escaped. */
export function systemdWord(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function systemdUnit(layout: ServiceLayout, runArgs: readonly string[]): string {
  const writable = [...new Set([path.posix.dirname(layout.configFile), layout.installDir])];
  return [
    '# Written by `roomwarden-agent install`; `roomwarden-agent uninstall` removes it.',
    '[Unit]',
    'Description=Roomwarden agent (room console health and remote access)',
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${[layout.executable, 'run', ...runArgs].map(systemdWord).join(' ')}`,
    `Environment=${SERVICE_ENV}=systemd`,
    'Restart=always',
    'RestartSec=5',
    `RestartPreventExitStatus=${EXIT_NOT_ACCEPTED}`,
    'UMask=0077',
    'NoNewPrivileges=yes',
    'ProtectSystem=full',
    'ProtectHome=read-only',
    'PrivateTmp=yes',
    // The credentials' directory (state file) and the executable's (self-update) stay writable.
    `ReadWritePaths=${writable.map(systemdWord).join(' ')}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}
