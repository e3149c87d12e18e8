import { describe, expect, it } from 'vitest';
import { actionCommands, defaultActionCommands } from './action-commands.ts';

describe('room action commands', () => {
  it('each platform has its defaults (Linux: no restart-app)', () => {
    expect(defaultActionCommands('win32')['restart-device']).toBe('shutdown.exe /r /t 5 /c "Restarted from Roomwarden"');
    expect(defaultActionCommands('win32')['restart-app']).toContain('Microsoft.SkypeRoomSystem');
    expect(defaultActionCommands('linux')).toEqual({ 'restart-device': 'systemctl reboot' });
    expect(defaultActionCommands('darwin')).toEqual({});
  });

  it('--action replaces a default, adds one, or (empty) turns it off', () => {
    expect(actionCommands({ 'restart-app': 'systemctl restart kiosk' }, 'linux')).toEqual({ 'restart-device': 'systemctl reboot', 'restart-app': 'systemctl restart kiosk' });
    expect(actionCommands({ 'restart-device': '' }, 'linux')).toEqual({});
    expect(actionCommands({ 'restart-device': 'echo hi' }, 'win32')['restart-device']).toBe('echo hi');
  });
});
