#!/bin/sh
# Roomwarden agent installer for a Linux room console, served by __SERVER__
# (GET /api/v1/agent/install.sh). Paste the line Settings > Enrollment shows:
#
#   curl -fsSL __SERVER__/api/v1/agent/install.sh | sudo sh -s -- --token rwe_...
#
# It downloads the agent __VERSION__ for linux-x64 from this server, checks its SHA-256,
# enrolls this console with the token (unless it is enrolled already: re-running the
# installer upgrades in place and keeps the device's identity), and installs the
# systemd service roomwarden-agent, which starts at boot and restarts on failure.
#
# Options:  --token T                the enrollment token (needed unless already enrolled)
#           --room-name NAME         the room's name (default: this machine's hostname)
#           --vnc HOST:PORT          bridge remote sessions to this VNC server (e.g. 127.0.0.1:5900)
#           --vnc-password-file F    its password, in a file readable by root only
#           --prefix DIR             install under DIR instead of / (a staging or test root)
#           --no-start               install, but do not start the service
set -eu

SERVER='__SERVER__'
VERSION='__VERSION__'
SHA256='__SHA256_LINUX_X64__'

TOKEN=''
ROOM_NAME=''
VNC=''
VNC_PASSWORD_FILE=''
PREFIX=''
NO_START=''

fail() {
  echo "roomwarden install: $*" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case "$1" in
    --token) [ $# -ge 2 ] || fail "--token needs a value"; TOKEN="$2"; shift 2 ;;
    --room-name) [ $# -ge 2 ] || fail "--room-name needs a value"; ROOM_NAME="$2"; shift 2 ;;
    --vnc) [ $# -ge 2 ] || fail "--vnc needs HOST:PORT"; VNC="$2"; shift 2 ;;
    --vnc-password-file) [ $# -ge 2 ] || fail "--vnc-password-file needs a file"; VNC_PASSWORD_FILE="$2"; shift 2 ;;
    --prefix) [ $# -ge 2 ] || fail "--prefix needs a directory"; PREFIX="$2"; shift 2 ;;
    --no-start) NO_START=1; shift ;;
    *) fail "unknown option $1 (see the comment at the top of $SERVER/api/v1/agent/install.sh)" ;;
  esac
done

[ -n "$SHA256" ] || fail "$SERVER has no Linux build of the agent (run npm run build:agent on the server)"
[ "$(uname -s)" = Linux ] || fail "this script is for Linux; on Windows use install.ps1"
case "$(uname -m)" in x86_64 | amd64) ;; *) fail "only x86-64 consoles have a build (this one is $(uname -m))" ;; esac
if [ -z "$PREFIX" ] && [ "$(id -u)" != 0 ]; then fail "run it as root: ... | sudo sh -s -- --token ..."; fi

CONFIG="$PREFIX/etc/roomwarden/agent.json"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/roomwarden-install.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT INT TERM
AGENT="$TMP/roomwarden-agent"

echo "Downloading the Roomwarden agent $VERSION from $SERVER ..."
if command -v curl >/dev/null 2>&1; then
  curl -fsSL --retry 3 -o "$AGENT" "$SERVER/api/v1/agent/releases/linux-x64" || fail "the download from $SERVER failed"
elif command -v wget >/dev/null 2>&1; then
  wget -q -O "$AGENT" "$SERVER/api/v1/agent/releases/linux-x64" || fail "the download from $SERVER failed"
else
  fail "neither curl nor wget is installed"
fi
ACTUAL="$(sha256sum "$AGENT" | cut -d' ' -f1)"
[ "$ACTUAL" = "$SHA256" ] || fail "the download's SHA-256 is $ACTUAL, not $SHA256: refusing to install it"
chmod 755 "$AGENT"
echo "SHA-256 checked: $ACTUAL"

if [ -f "$CONFIG" ]; then
  echo "Already enrolled ($CONFIG): keeping this console's identity, upgrading in place."
else
  [ -n "$TOKEN" ] || fail "--token is needed to enroll this console (create one in Settings > Enrollment)"
  if [ -n "$ROOM_NAME" ]; then
    "$AGENT" enroll --server "$SERVER" --token "$TOKEN" --config "$CONFIG" --room-name "$ROOM_NAME"
  else
    "$AGENT" enroll --server "$SERVER" --token "$TOKEN" --config "$CONFIG"
  fi
fi

set -- --config "$CONFIG"
[ -z "$PREFIX" ] || set -- "$@" --prefix "$PREFIX"
[ -z "$VNC" ] || set -- "$@" --vnc "$VNC"
[ -z "$VNC_PASSWORD_FILE" ] || set -- "$@" --vnc-password-file "$VNC_PASSWORD_FILE"
[ -z "$NO_START" ] || set -- "$@" --no-start
"$AGENT" install "$@"
echo "Done. 'sudo $PREFIX/opt/roomwarden/roomwarden-agent status --config $CONFIG' shows the agent's state."
