# Roomwarden agent installer for a Windows room console (Microsoft Teams Rooms), served by
# __SERVER__ (GET /api/v1/agent/install.ps1). In an elevated PowerShell, paste the line
# Settings > Enrollment shows:
#
#   & ([scriptblock]::Create((irm '__SERVER__/api/v1/agent/install.ps1'))) -Token 'rwe_...'
#
# It downloads the agent __VERSION__ for win-x64 from this server, checks its SHA-256,
# enrolls this console with the token (unless it is enrolled already: re-running the
# installer upgrades in place and keeps the device's identity), and installs the Windows
# service RoomwardenAgent (NSSM runs the agent as LocalSystem, starts it at boot, restarts
# it whenever it exits). The credentials are readable by SYSTEM and Administrators only.
#
# Where TightVNC or UltraVNC is installed, it is set to accept loopback connections only,
# and the agent bridges remote sessions to it on 127.0.0.1:5900 (-VncPasswordFile gives
# the agent its password). See the agent's README for setting one up.
param(
  [string]$Token = '',
  [string]$RoomName = '',
  [string]$Vnc = '',
  [string]$VncPasswordFile = '',
  [switch]$NoStart
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$Server = '__SERVER__'
$Version = '__VERSION__'
$Sha256 = '__SHA256_WIN_X64__'

function Fail([string]$Message) { throw "roomwarden install: $Message" }

if (-not $Sha256) { Fail "$Server has no Windows build of the agent (run npm run build:agent on the server)" }
if (-not [Environment]::Is64BitOperatingSystem) { Fail 'only 64-bit Windows has a build' }
$identity = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
if (-not $identity.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Fail 'run it in an elevated PowerShell (Run as administrator)' }

$InstallDir = Join-Path $env:ProgramFiles 'Roomwarden'
$DataDir = Join-Path $env:ProgramData 'Roomwarden'
$Config = Join-Path $DataDir 'agent.json'

# The data directory first, restricted before any secret is written into it.
New-Item -ItemType Directory -Force -Path $DataDir | Out-Null
& icacls.exe $DataDir /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' | Out-Null
if ($LASTEXITCODE -ne 0) { Fail "icacls could not restrict $DataDir" }

$Download = Join-Path $env:TEMP ("roomwarden-agent-" + [guid]::NewGuid().ToString('N') + '.exe')
Write-Host "Downloading the Roomwarden agent $Version from $Server ..."
Invoke-WebRequest -UseBasicParsing -Uri "$Server/api/v1/agent/releases/win-x64" -OutFile $Download
$Actual = (Get-FileHash -Algorithm SHA256 -Path $Download).Hash.ToLowerInvariant()
if ($Actual -ne $Sha256) {
  Remove-Item -Force $Download
  Fail "the download's SHA-256 is $Actual, not $Sha256: refusing to install it"
}
Write-Host "SHA-256 checked: $Actual"

try {
  # An already installed VNC server: loopback connections only (the agent is its only client).
  $vncService = $null
  if (Test-Path 'HKLM:\SOFTWARE\TightVNC\Server') {
    Set-ItemProperty -Path 'HKLM:\SOFTWARE\TightVNC\Server' -Name 'AllowLoopback' -Value 1 -Type DWord
    Set-ItemProperty -Path 'HKLM:\SOFTWARE\TightVNC\Server' -Name 'LoopbackOnly' -Value 1 -Type DWord
    $vncService = 'tvnserver'
  } else {
    $uvncIni = Join-Path ${env:ProgramFiles} 'uvnc bvba\UltraVNC\ultravnc.ini'
    if (Test-Path $uvncIni) {
      $ini = Get-Content -Raw $uvncIni
      foreach ($key in 'AllowLoopback', 'LoopbackOnly') {
        if ($ini -match "(?m)^$key=") { $ini = $ini -replace "(?m)^$key=.*$", "$key=1" } else { $ini = $ini -replace '(?m)^\[admin\]\s*$', "[admin]`r`n$key=1" }
      }
      Set-Content -Path $uvncIni -Value $ini -NoNewline
      $vncService = 'uvnc_service'
    }
  }
  if ($vncService -and (Get-Service -Name $vncService -ErrorAction SilentlyContinue)) {
    Restart-Service -Name $vncService
    Write-Host "$vncService now accepts loopback connections only."
    if (-not $Vnc) { $Vnc = '127.0.0.1:5900' }
  }

  if (Test-Path $Config) {
    Write-Host "Already enrolled ($Config): keeping this console's identity, upgrading in place."
  } else {
    if (-not $Token) { Fail '-Token is needed to enroll this console (create one in Settings > Enrollment)' }
    $enrollArgs = @('enroll', '--server', $Server, '--token', $Token, '--config', $Config)
    if ($RoomName) { $enrollArgs += @('--room-name', $RoomName) }
    & $Download @enrollArgs
    if ($LASTEXITCODE -ne 0) { Fail "enrollment failed (exit $LASTEXITCODE)" }
  }

  $installArgs = @('install', '--config', $Config)
  if ($Vnc) { $installArgs += @('--vnc', $Vnc) }
  if ($VncPasswordFile) {
    $kept = Join-Path $DataDir 'vnc-password'
    Copy-Item -Force -Path $VncPasswordFile -Destination $kept
    $installArgs += @('--vnc-password-file', $kept)
  }
  if ($NoStart) { $installArgs += '--no-start' }
  & $Download @installArgs
  if ($LASTEXITCODE -ne 0) { Fail "installing the service failed (exit $LASTEXITCODE)" }
} finally {
  Remove-Item -Force -ErrorAction SilentlyContinue $Download
}
Write-Host "Done. '& `"$InstallDir\roomwarden-agent.exe`" status' shows the agent's state."
