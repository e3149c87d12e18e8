// Where `roomwarden-agent install` puts things, per platform. `--prefix DIR` moves every
// path under DIR (a throwaway root for tests, or a packager's staging directory).
//
//   Linux    /opt/roomwarden/roomwarden-agent              the executable (root-owned, 0755)
//            /etc/roomwarden/agent.json                    credentials (0600, root)
//            /etc/systemd/system/roomwarden-agent.service  the unit
//   Windows  %ProgramFiles%\Roomwarden\roomwarden-agent.exe the executable
//            %ProgramFiles%\Roomwarden\nssm.exe             the service wrapper (from the executable)
//            %ProgramData%\Roomwarden\agent.json            credentials (SYSTEM and Administrators only)
//            %ProgramData%\Roomwarden\logs\                 the service's output
import path from 'node:path';

export const SERVICE_NAME = 'roomwarden-agent';
export const WINDOWS_SERVICE_NAME = 'RoomwardenAgent';
/** Set in the service's environment so the agent knows a service manager restarts it. */
export const SERVICE_ENV = 'ROOMWARDEN_AGENT_SERVICE';

export type ServicePlatform = 'linux' | 'windows';

export interface ServiceLayout {
  platform: ServicePlatform;
  installDir: string;
  executable: string;
  configFile: string;
  /** The systemd unit (Linux). */
  unitFile?: string;
  /** The service wrapper and the service's log directory (Windows). */
  serviceWrapper?: string;
  logDir?: string;
}

export interface LayoutOptions {
  prefix?: string;
  config?: string;
  env?: NodeJS.ProcessEnv;
}

export function serviceLayout(platform: ServicePlatform, options: LayoutOptions = {}): ServiceLayout {
  const env = options.env ?? process.env;
  if (platform === 'linux') {
    const root = options.prefix ?? '/';
    const installDir = path.posix.join(root, 'opt', 'roomwarden');
    return {
      platform,
      installDir,
      executable: path.posix.join(installDir, SERVICE_NAME),
      configFile: options.config ?? path.posix.join(root, 'etc', 'roomwarden', 'agent.json'),
      unitFile: path.posix.join(root, 'etc', 'systemd', 'system', `${SERVICE_NAME}.service`),
    };
  }
  const programFiles = options.prefix ? path.win32.join(options.prefix, 'Program Files') : (env.ProgramFiles ?? 'C:\\Program Files');
  const programData = options.prefix ? path.win32.join(options.prefix, 'ProgramData') : (env.ProgramData ?? 'C:\\ProgramData');
  const installDir = path.win32.join(programFiles, 'Roomwarden');
  const dataDir = path.win32.join(programData, 'Roomwarden');
  return {
    platform,
    installDir,
    executable: path.win32.join(installDir, `${SERVICE_NAME}.exe`),
    configFile: options.config ?? path.win32.join(dataDir, 'agent.json'),
    serviceWrapper: path.win32.join(installDir, 'nssm.exe'),
    logDir: path.win32.join(dataDir, 'logs'),
  };
}

export function currentServicePlatform(): ServicePlatform {
  return process.platform === 'win32' ? 'windows' : 'linux';
}
