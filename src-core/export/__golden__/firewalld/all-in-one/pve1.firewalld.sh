#!/usr/bin/env bash
# Portolan export: firewalld (Linux) for PVE01 (pve1)
# Plan: All-in-one site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: pve-server; addresses 192.0.2.20; host name pve01.example.net
# Generated from the plan's computed flows; review before applying.
#
# Run as root: bash pve1.firewalld.sh   (zone: FIREWALLD_ZONE, default: the default zone)
# Adds permanent rich rules for every source of this host, then reloads firewalld.
# Re-running is safe: firewalld ignores a rich rule that already exists.
# Services the zone already allows stay allowed; review the zone for anything else.
set -euo pipefail

zone_args=()
if [ -n "${FIREWALLD_ZONE:-}" ]; then zone_args=(--zone="$FIREWALLD_ZONE"); fi

add_rule() {
  firewall-cmd --permanent "${zone_args[@]}" --add-rich-rule="$1"
}

# tcp 22,8006 from VBR01 (vbr) to PVE01 (pve1)
# - Backup server calls the Proxmox VE REST API [rule backup-server-pve-api; table "Backup Server" row 4]
# - Backup server manages the Proxmox VE server over SSH [rule backup-server-pve-ssh; table "Backup Server" row 5]
add_rule 'rule family="ipv4" source address="192.0.2.10" port port="22" protocol="tcp" accept'
add_rule 'rule family="ipv4" source address="192.0.2.10" port port="8006" protocol="tcp" accept'

# tcp 22,8006 from WORKER01 (w1) to PVE01 (pve1)
# - Worker calls the Proxmox VE REST API [rule worker-pve-api; table "Workers" row 1]
# - Worker manages the Proxmox VE server over SSH [rule worker-pve-ssh; table "Workers" row 2]
add_rule 'rule family="ipv4" source address="192.0.2.30" port port="22" protocol="tcp" accept'
add_rule 'rule family="ipv4" source address="192.0.2.30" port port="8006" protocol="tcp" accept'

firewall-cmd --reload
