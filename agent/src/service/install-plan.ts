// `roomwarden-agent install` / `uninstall` as plans: pure lists of steps, so that the
// Windows plan (which wine cannot carry out: no service manager) is tested on Linux as
// well as the Linux one, and `--dry-run` prints exactly what would be done.
import path from 'node:path';
import { SERVICE_ENV, SERVICE_NAME, WINDOWS_SERVICE_NAME, type ServiceLayout } from './service-layout.ts';
import { EXIT_NOT_ACCEPTED, systemdUnit } from './systemd-unit.ts';

export type PlanStep =
  | { kind: 'mkdir'; path: string; mode: number }
  /** Copies through a temporary file and a rename: a running executable is never written in place. */
  | { kind: 'copy'; from: string; to: string; mode: number }
  | { kind: 'write'; path: string; content: string; mode: number }
  | { kind: 'chmod'; path: string; mode: number }
  /** Writes one of the executable's embedded files (the Windows service wrapper). */
  | { kind: 'asset'; name: string; to: string }
  | { kind: 'remove'; path: string }
  /** detached: started and left running (it outlives this process). */
  | { kind: 'run'; command: string; args: string[]; allowFailure?: boolean; detached?: boolean; why: string };

export interface InstallRequest {
  layout: ServiceLayout;
  /** The executable being installed (the running one). */
  source: string;
  /** Arguments of `run` after the command (--config is added). */
  runArgs: string[];
  start: boolean;
}

const ICACLS_SYSTEM = '*S-1-5-18';
const ICACLS_ADMINISTRATORS = '*S-1-5-32-544';

function runArgsWithConfig(req: InstallRequest): string[] {
  return ['--config', req.layout.configFile, ...req.runArgs];
}

export function linuxInstallPlan(req: InstallRequest): PlanStep[] {
  const { layout } = req;
  const unitFile = layout.unitFile ?? `/etc/systemd/system/${SERVICE_NAME}.service`;
  const steps: PlanStep[] = [{ kind: 'mkdir', path: layout.installDir, mode: 0o755 }];
  if (path.posix.resolve(req.source) !== path.posix.resolve(layout.executable)) steps.push({ kind: 'copy', from: req.source, to: layout.executable, mode: 0o755 });
  steps.push(
    { kind: 'chmod', path: path.posix.dirname(layout.configFile), mode: 0o700 },
    { kind: 'chmod', path: layout.configFile, mode: 0o600 },
    { kind: 'mkdir', path: path.posix.dirname(unitFile), mode: 0o755 },
    { kind: 'write', path: unitFile, content: systemdUnit(layout, runArgsWithConfig(req)), mode: 0o644 },
    { kind: 'run', command: 'systemctl', args: ['daemon-reload'], why: 'load the unit' },
    { kind: 'run', command: 'systemctl', args: ['enable', `${SERVICE_NAME}.service`], why: 'start it at boot' },
  );
  // restart, not start: re-running the installer replaces a running agent in place.
  if (req.start) steps.push({ kind: 'run', command: 'systemctl', args: ['restart', `${SERVICE_NAME}.service`], why: 'start it now' });
  return steps;
}

export function linuxUninstallPlan(layout: ServiceLayout, removeConfigDir: boolean): PlanStep[] {
  const unitFile = layout.unitFile ?? `/etc/systemd/system/${SERVICE_NAME}.service`;
  return [
    { kind: 'run', command: 'systemctl', args: ['disable', '--now', `${SERVICE_NAME}.service`], allowFailure: true, why: 'stop it and keep it from starting at boot' },
    { kind: 'remove', path: unitFile },
    { kind: 'run', command: 'systemctl', args: ['daemon-reload'], allowFailure: true, why: 'forget the unit' },
    ...credentialRemoval(layout, removeConfigDir, path.posix),
    { kind: 'remove', path: layout.installDir },
  ];
}

function credentialRemoval(layout: ServiceLayout, removeConfigDir: boolean, p: typeof path.posix): PlanStep[] {
  if (removeConfigDir) return [{ kind: 'remove', path: p.dirname(layout.configFile) }];
  const base = p.basename(layout.configFile, '.json');
  const dir = p.dirname(layout.configFile);
  return [layout.configFile, p.join(dir, `${base}.state.json`), p.join(dir, 'machine-id')].map((f) => ({ kind: 'remove', path: f }));
}

/** The Windows service: NSSM runs the executable as LocalSystem, restarts it whenever it exits except after exit code 3. */
export function windowsInstallPlan(req: InstallRequest): PlanStep[] {
  const { layout } = req;
  const nssm = layout.serviceWrapper ?? path.win32.join(layout.installDir, 'nssm.exe');
  const logDir = layout.logDir ?? path.win32.join(path.win32.dirname(layout.configFile), 'logs');
  const dataDir = path.win32.dirname(layout.configFile);
  const set = (...args: string[]): PlanStep => ({ kind: 'run', command: nssm, args: ['set', WINDOWS_SERVICE_NAME, ...args], why: `service setting ${args[0]}` });
  const log = path.win32.join(logDir, 'agent.log');
  const steps: PlanStep[] = [
    // A running service holds both executables: stop it first (an upgrade in place).
    { kind: 'run', command: 'net', args: ['stop', WINDOWS_SERVICE_NAME], allowFailure: true, why: 'stop a running agent (upgrade)' },
    { kind: 'mkdir', path: layout.installDir, mode: 0o755 },
    { kind: 'mkdir', path: logDir, mode: 0o700 },
  ];
  if (path.win32.resolve(req.source).toLowerCase() !== path.win32.resolve(layout.executable).toLowerCase()) steps.push({ kind: 'copy', from: req.source, to: layout.executable, mode: 0o755 });
  steps.push(
    { kind: 'asset', name: 'nssm.exe', to: nssm },
    // The credentials: SYSTEM (the service) and Administrators only, nothing inherited.
    { kind: 'run', command: 'icacls', args: [dataDir, '/inheritance:r', '/grant:r', `${ICACLS_SYSTEM}:(OI)(CI)F`, `${ICACLS_ADMINISTRATORS}:(OI)(CI)F`], why: 'restrict the data directory to SYSTEM and Administrators' },
    { kind: 'run', command: 'icacls', args: [layout.configFile, '/inheritance:r', '/grant:r', `${ICACLS_SYSTEM}:F`, `${ICACLS_ADMINISTRATORS}:F`], why: 'restrict the credentials to SYSTEM and Administrators' },
    { kind: 'run', command: nssm, args: ['remove', WINDOWS_SERVICE_NAME, 'confirm'], allowFailure: true, why: 'replace an earlier registration' },
    { kind: 'run', command: nssm, args: ['install', WINDOWS_SERVICE_NAME, layout.executable, 'run', ...runArgsWithConfig(req)], why: 'register the service' },
    set('DisplayName', 'Roomwarden agent'),
    set('Description', 'Reports this room console\'s health to Roomwarden and bridges remote sessions to its local VNC server.'),
    set('Start', 'SERVICE_AUTO_START'),
    set('ObjectName', 'LocalSystem'),
    set('AppDirectory', layout.installDir),
    set('AppEnvironmentExtra', `${SERVICE_ENV}=nssm`),
    set('AppExit', 'Default', 'Restart'),
    set('AppExit', String(EXIT_NOT_ACCEPTED), 'Exit'),
    set('AppRestartDelay', '5000'),
    set('AppStdout', log),
    set('AppStderr', log),
    set('AppRotateFiles', '1'),
    set('AppRotateBytes', String(10 * 1024 * 1024)),
    // Should the wrapper itself fail, the service manager restarts it.
    { kind: 'run', command: 'sc.exe', args: ['failure', WINDOWS_SERVICE_NAME, 'reset=', '86400', 'actions=', 'restart/5000/restart/5000/restart/60000'], why: 'restart on failure' },
  );
  if (req.start) steps.push({ kind: 'run', command: nssm, args: ['start', WINDOWS_SERVICE_NAME], why: 'start it now' });
  return steps;
}

export function windowsUninstallPlan(layout: ServiceLayout, removeConfigDir: boolean): PlanStep[] {
  const nssm = layout.serviceWrapper ?? path.win32.join(layout.installDir, 'nssm.exe');
  return [
    { kind: 'run', command: nssm, args: ['stop', WINDOWS_SERVICE_NAME], allowFailure: true, why: 'stop the service' },
    { kind: 'run', command: nssm, args: ['remove', WINDOWS_SERVICE_NAME, 'confirm'], allowFailure: true, why: 'remove the service' },
    ...credentialRemoval(layout, removeConfigDir, path.win32),
    // The running executable cannot delete its own directory: a detached shell does it once it has exited.
    { kind: 'run', command: 'cmd.exe', args: ['/d', '/c', `ping -n 4 127.0.0.1 >nul & rmdir /s /q "${layout.installDir}"`], detached: true, why: 'remove the program directory once this process has exited' },
  ];
}

export function describeStep(step: PlanStep): string {
  switch (step.kind) {
    case 'mkdir':
      return `create directory ${step.path}`;
    case 'copy':
      return `copy ${step.from} to ${step.to}`;
    case 'write':
      return `write ${step.path}`;
    case 'chmod':
      return `chmod ${step.mode.toString(8)} ${step.path}`;
    case 'asset':
      return `write the embedded ${step.name} to ${step.to}`;
    case 'remove':
      return `remove ${step.path}`;
    case 'run':
      return `${step.why}: ${[step.command, ...step.args].map((a) => (/[\s"]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a)).join(' ')}`;
  }
}
