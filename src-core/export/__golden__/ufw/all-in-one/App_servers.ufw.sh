#!/usr/bin/env bash
# Portolan export: ufw (Linux) for App servers (apps)
# Plan: All-in-one site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: linux-guest; addresses 192.0.2.101-192.0.2.103
# Generated from the plan's computed flows; review before applying.
# Inbound policy: allow-only (default: a protected guest serves its own clients).
# Allow rules only: the default policy and the other rules stay as they are.
#
# Run as root: bash App_servers.ufw.sh
# Adds allow rules per source; ufw skips rules that already exist, so re-running is safe.
# ufw denies other inbound traffic by default once enabled ("ufw enable"); this script
# does not enable ufw, so that you can review "ufw show added" first.
set -euo pipefail

# tcp 22,2500-3300 from VBR01 (vbr) to App servers (apps)
# - SSH control channel into the Linux guest [rule runtime-backup-server-linux-ssh; table "Connections with Non-Persistent Runtime Components" row 1]
# - Log shipping data channels into the Linux guest [rule runtime-backup-server-linux-data; table "Connections with Non-Persistent Runtime Components" row 2]
ufw allow proto tcp from 192.0.2.10 to any port 22,2500:3300 comment 'Portolan: runtime-backup-server-linux-ssh,runtime-backup-server-linux-data'

ufw status verbose || true
