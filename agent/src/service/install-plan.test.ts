// The install plans: Linux (also carried out for real by e2e/agent-install.e2e.test.ts) and
// Windows, which wine cannot carry out (no service manager): checked here step by step.
import { describe, expect, it } from 'vitest';
import { describeStep, linuxInstallPlan, linuxUninstallPlan, windowsInstallPlan, windowsUninstallPlan, type PlanStep } from './install-plan.ts';
import { serviceLayout } from './service-layout.ts';
import { systemdUnit, systemdWord } from './systemd-unit.ts';

const runs = (steps: PlanStep[]) => steps.filter((s): s is Extract<PlanStep, { kind: 'run' }> => s.kind === 'run').map((s) => [s.command.replace(/^.*\\/, ''), ...s.args].join(' '));

describe('Linux install plan', () => {
  const layout = serviceLayout('linux');
  it('puts the executable in /opt/roomwarden, the unit in /etc/systemd/system, and restarts the service', () => {
    const steps = linuxInstallPlan({ layout, source: '/tmp/dl/roomwarden-agent', runArgs: ['--vnc', '127.0.0.1:5900'], start: true });
    expect(steps).toContainEqual({ kind: 'copy', from: '/tmp/dl/roomwarden-agent', to: '/opt/roomwarden/roomwarden-agent', mode: 0o755 });
    expect(steps).toContainEqual({ kind: 'chmod', path: '/etc/roomwarden/agent.json', mode: 0o600 });
    const unit = steps.find((s) => s.kind === 'write');
    expect(unit).toMatchObject({ path: '/etc/systemd/system/roomwarden-agent.service', mode: 0o644 });
    expect(runs(steps)).toEqual(['systemctl daemon-reload', 'systemctl enable roomwarden-agent.service', 'systemctl restart roomwarden-agent.service']);
  });
  it('does not copy the executable onto itself (re-running install from /opt) and can leave it stopped', () => {
    const steps = linuxInstallPlan({ layout, source: '/opt/roomwarden/roomwarden-agent', runArgs: [], start: false });
    expect(steps.some((s) => s.kind === 'copy')).toBe(false);
    expect(runs(steps)).not.toContain('systemctl restart roomwarden-agent.service');
  });
  it('uninstall stops and disables the service, then removes the unit, the credentials and the executable', () => {
    const steps = linuxUninstallPlan(layout, true);
    expect(runs(steps)[0]).toBe('systemctl disable --now roomwarden-agent.service');
    expect(steps.filter((s) => s.kind === 'remove').map((s) => (s as { path: string }).path)).toEqual(['/etc/systemd/system/roomwarden-agent.service', '/etc/roomwarden', '/opt/roomwarden']);
  });
  it('a prefix moves everything under it', () => {
    const l = serviceLayout('linux', { prefix: '/tmp/root' });
    expect(l).toMatchObject({ executable: '/tmp/root/opt/roomwarden/roomwarden-agent', configFile: '/tmp/root/etc/roomwarden/agent.json', unitFile: '/tmp/root/etc/systemd/system/roomwarden-agent.service' });
  });
});

describe('systemd unit', () => {
  it('restarts always except after exit 3 (revoked), starts after the network, keeps the credentials and executable writable', () => {
    const unit = systemdUnit(serviceLayout('linux'), ['--config', '/etc/roomwarden/agent.json']);
    expect(unit).toContain('ExecStart=/opt/roomwarden/roomwarden-agent run --config /etc/roomwarden/agent.json\n');
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^RestartPreventExitStatus=3$/m);
    expect(unit).toMatch(/^After=network-online.target$/m);
    expect(unit).toMatch(/^ReadWritePaths=\/etc\/roomwarden \/opt\/roomwarden$/m);
    expect(unit).toMatch(/^Environment=ROOMWARDEN_AGENT_SERVICE=systemd$/m);
  });
  it('quotes words as systemd reads them', () => {
    expect(systemdWord('/opt/a')).toBe('/opt/a');
    expect(systemdWord('/srv/my room/pw')).toBe('"/srv/my room/pw"');
    expect(systemdWord('50%')).toBe('50%%');
    expect(systemdWord('a$b')).toBe('"a$$b"');
  });
});

describe('Windows install plan (NSSM)', () => {
  const layout = serviceLayout('windows', { env: { ProgramFiles: 'C:\\Program Files', ProgramData: 'C:\\ProgramData' } });
  const steps = windowsInstallPlan({ layout, source: 'C:\\Users\\admin\\AppData\\Local\\Temp\\rw.exe', runArgs: ['--vnc', '127.0.0.1:5900'], start: true });

  it('stops a running agent first (an upgrade in place), then copies the executable and writes the embedded nssm.exe', () => {
    expect(runs(steps)[0]).toBe('net stop RoomwardenAgent');
    const copy = steps.findIndex((s) => s.kind === 'copy');
    expect(steps[copy]).toMatchObject({ to: 'C:\\Program Files\\Roomwarden\\roomwarden-agent.exe' });
    expect(steps).toContainEqual({ kind: 'asset', name: 'nssm.exe', to: 'C:\\Program Files\\Roomwarden\\nssm.exe' });
  });
  it('restricts the credentials to SYSTEM and Administrators before registering the service', () => {
    const r = runs(steps);
    const acl = r.indexOf('icacls C:\\ProgramData\\Roomwarden\\agent.json /inheritance:r /grant:r *S-1-5-18:F *S-1-5-32-544:F');
    expect(acl).toBeGreaterThan(0);
    expect(r.indexOf('nssm.exe install RoomwardenAgent C:\\Program Files\\Roomwarden\\roomwarden-agent.exe run --config C:\\ProgramData\\Roomwarden\\agent.json --vnc 127.0.0.1:5900')).toBeGreaterThan(acl);
  });
  it('is a real Windows service: automatic start, LocalSystem, restart on exit except code 3, failure actions, then started', () => {
    const r = runs(steps);
    for (const line of [
      'nssm.exe set RoomwardenAgent Start SERVICE_AUTO_START',
      'nssm.exe set RoomwardenAgent ObjectName LocalSystem',
      'nssm.exe set RoomwardenAgent AppExit Default Restart',
      'nssm.exe set RoomwardenAgent AppExit 3 Exit',
      'nssm.exe set RoomwardenAgent AppEnvironmentExtra ROOMWARDEN_AGENT_SERVICE=nssm',
      'sc.exe failure RoomwardenAgent reset= 86400 actions= restart/5000/restart/5000/restart/60000',
    ])
      expect(r).toContain(line);
    expect(r.at(-1)).toBe('nssm.exe start RoomwardenAgent');
    // a scheduled task is not a service
    expect(r.some((l) => /schtasks/i.test(l))).toBe(false);
  });
  it('uninstall stops and removes the service, the credentials, and (once exited) the program directory', () => {
    const u = windowsUninstallPlan(layout, true);
    expect(runs(u).slice(0, 2)).toEqual(['nssm.exe stop RoomwardenAgent', 'nssm.exe remove RoomwardenAgent confirm']);
    expect(u).toContainEqual({ kind: 'remove', path: 'C:\\ProgramData\\Roomwarden' });
    expect(u.at(-1)).toMatchObject({ kind: 'run', detached: true });
    expect((u.at(-1) as { args: string[] }).args.join(' ')).toContain('rmdir /s /q "C:\\Program Files\\Roomwarden"');
    expect(describeStep(u.at(-1)!)).toMatch(/^remove the program directory once this process has exited: cmd\.exe/);
  });
});
