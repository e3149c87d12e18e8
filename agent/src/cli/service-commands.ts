// roomwarden-agent install / uninstall: the service that runs `run` at boot and after a
// failure (systemd on Linux, NSSM on Windows), the executable's place, the credentials'
// permissions. The plans are in ../service/install-plan.ts.
import fs from 'node:fs';
import path from 'node:path';
import { readCredentials } from '../credentials.ts';
import { linuxInstallPlan, linuxUninstallPlan, windowsInstallPlan, windowsUninstallPlan } from '../service/install-plan.ts';
import { runPlan } from '../service/run-plan.ts';
import { currentServicePlatform, serviceLayout, SERVICE_NAME, WINDOWS_SERVICE_NAME } from '../service/service-layout.ts';
import type { Command } from './args.ts';
import type { CliIo } from './cli-io.ts';
import { embeddedAsset, runningExecutable } from './executable.ts';

export class ServiceCommandError extends Error {}

function requireAdministrator(prefix: string | undefined): void {
  if (prefix || currentServicePlatform() === 'windows') return; // Windows: the service manager refuses a non-elevated caller with its own message
  if (process.getuid?.() !== 0) throw new ServiceCommandError('installing a service needs root: run it with sudo (or pass --prefix DIR to install into a directory)');
}

export async function installCommand(cmd: Extract<Command, { command: 'install' }>, io: CliIo): Promise<number> {
  const platform = currentServicePlatform();
  const layout = serviceLayout(platform, { ...(cmd.prefix ? { prefix: path.resolve(cmd.prefix) } : {}), ...(cmd.config ? { config: path.resolve(cmd.config) } : {}) });
  const source = runningExecutable();
  if (!source && !cmd.dryRun) throw new ServiceCommandError('install copies the roomwarden-agent executable, and this is a checkout: build it (npm run build:agent) and run install from agent/dist');
  if (!cmd.dryRun) {
    requireAdministrator(cmd.prefix);
    if (!fs.existsSync(layout.configFile)) throw new ServiceCommandError(`${layout.configFile} does not exist: enroll first (roomwarden-agent enroll --server URL --token T --config ${layout.configFile})`);
    await readCredentials(layout.configFile);
  }
  const runArgs = cmd.runArgs.map((a, i) => (cmd.runArgs[i - 1] === '--vnc-password-file' ? path.resolve(a) : a));
  const request = { layout, source: source ?? process.execPath, runArgs, start: cmd.start };
  const steps = platform === 'linux' ? linuxInstallPlan(request) : windowsInstallPlan(request);
  await runPlan(steps, { out: io.out, readAsset: embeddedAsset, dryRun: cmd.dryRun });
  if (!cmd.dryRun) {
    const service = platform === 'linux' ? `${SERVICE_NAME}.service (systemd)` : `${WINDOWS_SERVICE_NAME} (Windows service)`;
    io.out(`Installed: ${layout.executable} runs as ${service}${cmd.start ? ', started' : ''}; credentials ${layout.configFile}.\n`);
  }
  return 0;
}

export async function uninstallCommand(cmd: Extract<Command, { command: 'uninstall' }>, io: CliIo): Promise<number> {
  const platform = currentServicePlatform();
  const layout = serviceLayout(platform, { ...(cmd.prefix ? { prefix: path.resolve(cmd.prefix) } : {}), ...(cmd.config ? { config: path.resolve(cmd.config) } : {}) });
  if (!cmd.dryRun) requireAdministrator(cmd.prefix);
  // The default credentials directory is ours alone; a --config elsewhere loses only our files.
  const removeConfigDir = !cmd.config;
  const steps = platform === 'linux' ? linuxUninstallPlan(layout, removeConfigDir) : windowsUninstallPlan(layout, removeConfigDir);
  await runPlan(steps, { out: io.out, dryRun: cmd.dryRun });
  if (!cmd.dryRun) io.out('Uninstalled: the service, the executable and the credentials are gone (the device stays in the portal until you revoke it).\n');
  return 0;
}
