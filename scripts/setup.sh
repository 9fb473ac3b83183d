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
  [nginx]=nginx # only the reference proxy of npm run bench:gateway (never started by the stack)
)
missing=()
for pkg in "${!need[@]}"; do
  command -v "${need[$pkg]}" >/dev/null 2>&1 || [[ -x /usr/sbin/${need[$pkg]} ]] || missing+=("$pkg")
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
  # An install interrupted earlier (Ctrl-C, a killed CI job) leaves dpkg refusing every other.
  dpkg --configure -a >/dev/null
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# pgbench (bench:services compares cart writes with it): Debian 12 ships it in postgresql-15, the
# server package, not in postgresql-client. Installed without a cluster: the stack runs its own.
if ! pgbench --version >/dev/null 2>&1; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: pgbench is missing; run: sudo apt-get install -y postgresql-15" >&2
    exit 1
  fi
  echo "setup: installing postgresql-15 (for pgbench; no cluster is created)"
  mkdir -p /etc/postgresql-common/createcluster.d
  echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/bookstore.conf
  export DEBIAN_FRONTEND=noninteractive
  ((${#missing[@]})) || apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
fi
# PostgreSQL refuses to run as root: the local target runs it as the OS user "postgres".
if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
  echo "setup: creating the system user postgres (PostgreSQL will not run as root)"
  useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres
fi
# The Debian prometheus and nginx packages start system services (:9090, :80) where systemd
# runs; the stack runs its own Prometheus, and the gateway bench its own nginx on loopback.
for unit in prometheus nginx; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$unit" 2>/dev/null; then
    systemctl stop "$unit" || true
  fi
done

node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 20)); then
  echo "setup: Node.js 20 or newer is required (found $(node --version))" >&2
  exit 1
fi
npm ci --no-audit --no-fund
