#!/usr/bin/env bash
# Portolan export: ufw (Linux) for Web tier (40 VMs) (web)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: linux-guest; addresses 203.0.113.100-203.0.113.139, 203.0.113.200
# Generated from the plan's computed flows; review before applying.
# Inbound policy: allow-only (default: a protected guest serves its own clients).
# Allow rules only: the default policy and the other rules stay as they are.
#
# Run as root: bash Web_tier_40_VMs.ufw.sh
# Adds allow rules per source; ufw skips rules that already exist, so re-running is safe.
# ufw denies other inbound traffic by default once enabled ("ufw enable"); this script
# does not enable ufw, so that you can review "ufw show added" first.
set -euo pipefail

# tcp 22,2500-3300,9100 from VBR01 (vbr) to Web tier (40 VMs) (web)
# - SSH control channel into the Linux guest [rule runtime-backup-server-linux-ssh; table "Connections with Non-Persistent Runtime Components" row 1]
# - Log shipping data channels into the Linux guest [rule runtime-backup-server-linux-data; table "Connections with Non-Persistent Runtime Components" row 2]
# - Node exporter scrape by the monitoring agent on the backup server [rule custom:web-mon; custom flow web-mon; justification: Monitoring of the web tier (change CHG-1234); owner: ops-team; expires 2027-06-30]
ufw allow proto tcp from 192.0.2.10 to any port 22,2500:3300,9100 comment 'Portolan: runtime-backup-server-linux-ssh,runtime-backup-server-linux-data,custom:web-mon'

ufw status verbose || true
