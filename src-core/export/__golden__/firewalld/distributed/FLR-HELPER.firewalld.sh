#!/usr/bin/env bash
# Portolan export: firewalld (Linux) for FLR-HELPER (flr)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: flr-helper; addresses 198.51.100.150
# Generated from the plan's computed flows; review before applying.
# Inbound policy: restrict (default for dedicated backup infrastructure: flr-helper).
# Adds allow rules only; the zone drops the rest, so review what else the zone allows.
#
# Run as root: bash FLR-HELPER.firewalld.sh   (zone: FIREWALLD_ZONE, default: the default zone)
# Adds permanent rich rules for every source of this host, then reloads firewalld.
# Re-running is safe: firewalld ignores a rich rule that already exists.
# Services the zone already allows stay allowed; review the zone for anything else.
set -euo pipefail

zone_args=()
if [ -n "${FIREWALLD_ZONE:-}" ]; then zone_args=(--zone="$FIREWALLD_ZONE"); fi

add_rule() {
  firewall-cmd --permanent "${zone_args[@]}" --add-rich-rule="$1"
}

# tcp 22 from VBR01 (vbr) to FLR-HELPER (flr)
# - Backup server connects to the file-level restore helper appliance [rule backup-server-flr-helper-ssh; table "Backup Server" row 6]
add_rule 'rule family="ipv4" source address="192.0.2.10" port port="22" protocol="tcp" accept'

firewall-cmd --reload
