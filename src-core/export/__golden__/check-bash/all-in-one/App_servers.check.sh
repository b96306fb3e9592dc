#!/usr/bin/env bash
# Portolan export: Connectivity checks (bash) for App servers (apps)
# Plan: All-in-one site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: linux-guest; addresses 192.0.2.101-192.0.2.103
# Generated from the plan's computed flows; review before applying.
#
# Run on this host after the firewall change: bash App_servers.check.sh [--timeout SECONDS] [--allow-refused]
# PASS = connected. FAIL = refused (nothing listening, or rejected) or no answer (dropped).
# --allow-refused counts "refused" as reachable: useful for port ranges that have a listener
# only while a job runs, when the firewalls on the path drop rather than reject.
# Exit status: 0 when every check passed, 1 otherwise.
set -u
timeout_s=3
allow_refused=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --timeout) timeout_s="${2:-}"; shift 2 || shift ;;
    --allow-refused) allow_refused=1; shift ;;
    -h | --help) echo "usage: $0 [--timeout SECONDS] [--allow-refused]"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
case "$timeout_s" in
  "" | *[!0-9]* | 0) echo "--timeout takes a whole number of seconds (1 or more)" >&2; exit 2 ;;
esac
passed=0
failed=0
skipped=0

# probe LABEL TARGET PORT: a TCP connect through bash /dev/tcp, bounded by timeout(1).
probe() {
  local label="$1" target="$2" port="$3" err rc
  err="$(timeout "$timeout_s" bash -c 'exec 3<>"/dev/tcp/$1/$2"' probe "$target" "$port" 2>&1)"
  rc=$?
  if [ "$rc" -eq 0 ]; then
    printf 'PASS     %s\n' "$label"
    passed=$((passed + 1))
  elif [ "$rc" -eq 124 ]; then
    printf 'FAIL     %s: no answer within %ss (dropped by a firewall, or host down)\n' "$label" "$timeout_s"
    failed=$((failed + 1))
  elif [ "$allow_refused" -eq 1 ] && [[ "$err" == *refused* ]]; then
    printf 'PASS     %s: refused (reachable, nothing listening)\n' "$label"
    passed=$((passed + 1))
  else
    printf 'FAIL     %s: %s\n' "$label" "${err##*: }"
    failed=$((failed + 1))
  fi
}

# skip LABEL REASON
skip() {
  printf 'SKIP     %s: %s\n' "$1" "$2"
  skipped=$((skipped + 1))
}

# tcp 2500-3300 from App servers (apps) to VBR01 (vbr)
# - Guest sends log shipping data to the guest interaction proxy [rule runtime-guest-proxy-data]
probe 'tcp 2500-3300 to VBR01 (vbr) at 192.0.2.10 [runtime-guest-proxy-data]' '192.0.2.10' 2500

printf '\n%d passed, %d failed, %d skipped\n' "$passed" "$failed" "$skipped"
[ "$failed" -eq 0 ]
