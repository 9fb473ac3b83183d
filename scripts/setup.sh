#!/usr/bin/env bash
# One-time set-up of a fresh Debian 12 machine (idempotent; run as root or with sudo):
# the system packages the local target and the specs need, then the npm workspaces.
# It never downloads a browser: Playwright drives Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

# package → the command that proves it is there
declare -A need=(
  [redis-server]=redis-server
  [prometheus]=prometheus
  [chromium]=chromium
  [postgresql-client]=psql
  [maven]=mvn
  [openjdk-17-jdk-headless]=java
  [procps]=ps
  [unzip]=unzip
)
missing=()
for pkg in "${!need[@]}"; do
  command -v "${need[$pkg]}" >/dev/null 2>&1 || missing+=("$pkg")
done
# Superset and pgAdmin run in virtualenvs of Debian's python3 (binary wheels from the package
# index, no compiler); Debian ships ensurepip only in python3-venv.
if ! /usr/bin/python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  missing+=(python3 python3-venv)
fi
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing system packages: ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# PostgreSQL refuses to run as root: the local target runs it as the OS user "postgres".
if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
  echo "setup: creating the system user postgres (PostgreSQL will not run as root)"
  useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres
fi
# The Debian prometheus package starts a system service on :9090; the stack runs its own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
  systemctl stop prometheus || true
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 20)); then
  echo "setup: Node.js 20 or newer is required (found $(node --version))" >&2
  exit 1
fi
npm ci --no-audit --no-fund
