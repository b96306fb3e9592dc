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
# Adds rich rules for every source of this host to the runtime and the permanent
# configuration without a reload (runtime-only rules added by hand stay). Re-running is safe.
# Services the zone already allows stay allowed; review the zone for anything else.
set -euo pipefail

zone="${FIREWALLD_ZONE:-$(firewall-cmd --get-default-zone)}"

# The rich rules, one a line: validated addresses and numbers only.
rules() {
  # tcp 22,2500-3300,9100 from VBR01 (vbr) to Web tier (40 VMs) (web)
  # - SSH control channel into the Linux guest [rule runtime-backup-server-linux-ssh; table "Connections with Non-Persistent Runtime Components" row 1]
  # - Log shipping data channels into the Linux guest [rule runtime-backup-server-linux-data; table "Connections with Non-Persistent Runtime Components" row 2]
  # - Node exporter scrape by the monitoring agent on the backup server [rule custom:web-mon; custom flow web-mon; justification: Monitoring of the web tier (change CHG-1234); owner: ops-team; expires 2027-06-30]
  printf '%s\n' 'rule family="ipv4" source address="192.0.2.10" port port="22" protocol="tcp" accept'
  printf '%s\n' 'rule family="ipv4" source address="192.0.2.10" port port="2500-3300" protocol="tcp" accept'
  printf '%s\n' 'rule family="ipv4" source address="192.0.2.10" port port="9100" protocol="tcp" accept'
  true
}

# Runtime and permanent, without a reload: a reload would discard runtime-only rules that
# were added by hand. An existing rule is skipped (firewalld warns ALREADY_ENABLED).
apply_rules() {
  rules | sed 's/^/--add-rich-rule=/' | tr '\n' '\0' | xargs -0 -r firewall-cmd "$@" >/dev/null
}
apply_rules --permanent --zone="$zone"
apply_rules --zone="$zone"
firewall-cmd --zone="$zone" --list-all
