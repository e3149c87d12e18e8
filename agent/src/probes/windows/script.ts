// The one PowerShell query the Windows probe runs each cycle. Each part is wrapped so
// that a failing CIM class yields null (→ `unknown`) instead of failing the whole query.
export const WINDOWS_PROBE_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
function Q([scriptblock]$sb) { try { ,@(& $sb) } catch { $null } }
$os = try { Get-CimInstance Win32_OperatingSystem } catch { $null }
[pscustomobject]@{
  os = if ($os) { [pscustomobject]@{
      Caption = $os.Caption; Version = $os.Version; BuildNumber = $os.BuildNumber
      TotalVisibleMemorySize = $os.TotalVisibleMemorySize; FreePhysicalMemory = $os.FreePhysicalMemory
      UptimeSeconds = [int64]((Get-Date) - $os.LastBootUpTime).TotalSeconds } } else { $null }
  cpuLoad = try { (Get-CimInstance Win32_Processor | Measure-Object -Property LoadPercentage -Average).Average } catch { $null }
  disk = try { Get-CimInstance Win32_LogicalDisk -Filter "DeviceID='C:'" | Select-Object DeviceID, Size, FreeSpace } catch { $null }
  pnp = Q { Get-CimInstance Win32_PnPEntity -Filter "PNPClass='Camera' OR PNPClass='Image' OR PNPClass='AudioEndpoint'" | Select-Object Name, PNPClass, Status, ConfigManagerErrorCode, DeviceID }
  monitors = Q { Get-CimInstance -Namespace root/wmi -ClassName WmiMonitorBasicDisplayParams | Select-Object InstanceName, Active }
  desktopMonitors = Q { Get-CimInstance Win32_DesktopMonitor | Select-Object Name, Status, ScreenWidth, ScreenHeight }
  network = Q { Get-CimInstance Win32_NetworkAdapterConfiguration -Filter "IPEnabled=True" | Select-Object Description, IPAddress }
  roomApp = Q { Get-Process -Name 'Microsoft.SkypeRoomSystem', 'ms-teams' -ErrorAction SilentlyContinue | Select-Object Name, Id, FileVersion }
} | ConvertTo-Json -Depth 4 -Compress
`;

export function powershellArgs(script: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script];
}
