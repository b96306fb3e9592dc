#!/usr/bin/env bash
# Portolan export: firewalld (Linux) for WORKER01 (w1)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: worker; addresses 198.51.100.140
# Generated from the plan's computed flows; review before applying.
# Inbound policy: restrict (default for dedicated backup infrastructure: worker).
# Adds allow rules only; the zone drops the rest, so review what else the zone allows.
#
# Run as root: bash WORKER01.firewalld.sh   (zone: FIREWALLD_ZONE, default: the default zone)
# Adds permanent rich rules for every source of this host, then reloads firewalld.
# Re-running is safe: firewalld ignores a rich rule that already exists.
# Services the zone already allows stay allowed; review the zone for anything else.
set -euo pipefail

zone_args=()
if [ -n "${FIREWALLD_ZONE:-}" ]; then zone_args=(--zone="$FIREWALLD_ZONE"); fi

add_rule() {
  firewall-cmd --permanent "${zone_args[@]}" --add-rich-rule="$1"
}

# tcp 443,19000 from VBR01 (vbr) to WORKER01 (w1)
# - Backup server controls the worker [rule backup-server-worker; table "Backup Server" row 1]
# - Platform Service reaches the Veeam Updater service on the worker [rule backup-server-worker-updater; table "Backup Server" row 2]
add_rule 'rule family="ipv4" source address="192.0.2.10" port port="443" protocol="tcp" accept'
add_rule 'rule family="ipv4" source address="192.0.2.10" port port="19000" protocol="tcp" accept'

firewall-cmd --reload
