#!/usr/bin/env bash
# Portolan export: firewalld (Linux) for Web tier (40 VMs) (web)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: linux-guest; addresses 203.0.113.100-203.0.113.139, 203.0.113.200
# Generated from the plan's computed flows; review before applying.
# Inbound policy: allow-only (default: a protected guest serves its own clients).
# Allow rules only: the zone, its target and its other services and rules stay as they are.
#
# Run as root: bash Web_tier_40_VMs.firewalld.sh   (zone: FIREWALLD_ZONE, default: the default zone)
# Adds permanent rich rules for every source of this host, then reloads firewalld.
# Re-running is safe: firewalld ignores a rich rule that already exists.
# Services the zone already allows stay allowed; review the zone for anything else.
set -euo pipefail

zone_args=()
if [ -n "${FIREWALLD_ZONE:-}" ]; then zone_args=(--zone="$FIREWALLD_ZONE"); fi

add_rule() {
  firewall-cmd --permanent "${zone_args[@]}" --add-rich-rule="$1"
}

# tcp 22,2500-3300,9100 from VBR01 (vbr) to Web tier (40 VMs) (web)
# - SSH control channel into the Linux guest [rule runtime-backup-server-linux-ssh; table "Connections with Non-Persistent Runtime Components" row 1]
# - Log shipping data channels into the Linux guest [rule runtime-backup-server-linux-data; table "Connections with Non-Persistent Runtime Components" row 2]
# - Node exporter scrape by the monitoring agent on the backup server [rule custom:web-mon; custom flow web-mon; justification: Monitoring of the web tier (change CHG-1234); owner: ops-team; expires 2027-06-30]
add_rule 'rule family="ipv4" source address="192.0.2.10" port port="22" protocol="tcp" accept'
add_rule 'rule family="ipv4" source address="192.0.2.10" port port="2500-3300" protocol="tcp" accept'
add_rule 'rule family="ipv4" source address="192.0.2.10" port port="9100" protocol="tcp" accept'

firewall-cmd --reload
