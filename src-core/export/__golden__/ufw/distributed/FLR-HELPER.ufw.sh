#!/usr/bin/env bash
# Portolan export: ufw (Linux) for FLR-HELPER (flr)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: flr-helper; addresses 198.51.100.150
# Generated from the plan's computed flows; review before applying.
# Inbound policy: restrict (default for dedicated backup infrastructure: flr-helper).
# Adds allow rules only; ufw denies the rest, so review the other allow rules (ufw status).
#
# Run as root: bash FLR-HELPER.ufw.sh
# Adds allow rules per source; ufw skips rules that already exist, so re-running is safe.
# ufw denies other inbound traffic by default once enabled ("ufw enable"); this script
# does not enable ufw, so that you can review "ufw show added" first.
set -euo pipefail

# tcp 22 from VBR01 (vbr) to FLR-HELPER (flr)
# - Backup server connects to the file-level restore helper appliance [rule backup-server-flr-helper-ssh; table "Backup Server" row 6]
ufw allow proto tcp from 192.0.2.10 to any port 22 comment 'Portolan: backup-server-flr-helper-ssh'

ufw status verbose || true
