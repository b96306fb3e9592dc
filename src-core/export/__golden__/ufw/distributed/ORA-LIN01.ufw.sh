#!/usr/bin/env bash
# Portolan export: ufw (Linux) for ORA-LIN01 (oralin)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: oracle-linux-guest; addresses 203.0.113.50
# Generated from the plan's computed flows; review before applying.
# Inbound policy: allow-only (default: a protected guest serves its own clients).
# Allow rules only: the default policy and the other rules stay as they are.
#
# Run as root: bash ORA-LIN01.ufw.sh
# Adds allow rules per source; ufw skips rules that already exist, so re-running is safe.
# ufw denies other inbound traffic by default once enabled ("ufw enable"); this script
# does not enable ufw, so that you can review "ufw show added" first.
set -euo pipefail

# tcp 22,2500-3300 from VBR01 (vbr) to ORA-LIN01 (oralin)
# - SSH control channel into the Linux guest [rule runtime-backup-server-linux-ssh; table "Connections with Non-Persistent Runtime Components" row 1]
# - Log shipping data channels into the Linux guest [rule runtime-backup-server-linux-data; table "Connections with Non-Persistent Runtime Components" row 2]
# - SSH control channel into the Oracle (Linux) guest [rule oracle-backup-server-linux-ssh; table "Oracle Guest OS Connections" row 5]
# - Data channels from the backup server into the Oracle (Linux) guest [rule oracle-backup-server-linux-data; table "Oracle Guest OS Connections" row 6]
ufw allow proto tcp from 192.0.2.10 to any port 22,2500:3300 comment 'Portolan: runtime-backup-server-linux-ssh,runtime-backup-server-linux-data,oracle-backup-server-linux-ssh,oracle-backup-server-linux-data'

ufw status verbose || true
