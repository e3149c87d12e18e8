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
  roomApp = Q { Get-Process -Name 'Microsoft.SkypeRoomSystem', 'MTRApp', 'ms-teams' -ErrorAction SilentlyContinue | Select-Object Name, Id, FileVersion }
  consent = try {
    # Capability access manager: per app (packaged, or NonPackaged by path), LastUsedTimeStop = 0
    # with LastUsedTimeStart > 0 while it holds the device. HKLM and every loaded user hive
    # (the agent runs as a service; the Teams Rooms app runs as the "Skype" user).
    $hives = @('HKLM:') + @(Get-ChildItem 'Registry::HKEY_USERS' | Where-Object { $_.PSChildName -match '^S-1-5-21-[\d-]+$' } | ForEach-Object { "Registry::HKEY_USERS\$($_.PSChildName)" })
    $keys = 0
    $apps = foreach ($hive in $hives) { foreach ($cap in 'webcam', 'microphone') {
      $base = "$hive\SOFTWARE\Microsoft\Windows\CurrentVersion\CapabilityAccessManager\ConsentStore\$cap"
      if (-not (Test-Path $base)) { continue }
      $keys++
      $user = if ($hive -eq 'HKLM:') { 'HKLM' } else { $sid = $hive.Split('\')[-1]; try { (New-Object System.Security.Principal.SecurityIdentifier $sid).Translate([System.Security.Principal.NTAccount]).Value } catch { $sid } }
      $subkeys = @(Get-ChildItem $base | Where-Object { $_.PSChildName -ne 'NonPackaged' })
      if (Test-Path "$base\NonPackaged") { $subkeys += @(Get-ChildItem "$base\NonPackaged") }
      foreach ($k in $subkeys) {
        $p = Get-ItemProperty -LiteralPath $k.PSPath
        if ($null -ne $p.LastUsedTimeStart) { [pscustomobject]@{
          User = $user; Capability = $cap; App = $k.PSChildName; NonPackaged = [bool]($k.PSParentPath -like '*\NonPackaged')
          LastUsedTimeStart = [int64]$p.LastUsedTimeStart; LastUsedTimeStop = [int64]$p.LastUsedTimeStop } }
      } } }
    [pscustomobject]@{ Keys = $keys; Apps = @($apps) }
  } catch { $null }
} | ConvertTo-Json -Depth 5 -Compress
`;

export function powershellArgs(script: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script];
}
