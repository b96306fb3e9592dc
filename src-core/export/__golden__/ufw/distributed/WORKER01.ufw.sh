#!/usr/bin/env bash
# Portolan export: ufw (Linux) for WORKER01 (w1)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: worker; addresses 198.51.100.140
# Generated from the plan's computed flows; review before applying.
# Inbound policy: restrict (default for dedicated backup infrastructure: worker).
# Adds allow rules only; ufw denies the rest, so review the other allow rules (ufw status).
#
# Run as root: bash WORKER01.ufw.sh
# Adds allow rules per source; ufw skips rules that already exist, so re-running is safe.
# ufw denies other inbound traffic by default once enabled ("ufw enable"); this script
# does not enable ufw, so that you can review "ufw show added" first.
set -euo pipefail

# tcp 443,19000 from VBR01 (vbr) to WORKER01 (w1)
# - Backup server controls the worker [rule backup-server-worker; table "Backup Server" row 1]
# - Platform Service reaches the Veeam Updater service on the worker [rule backup-server-worker-updater; table "Backup Server" row 2]
ufw allow proto tcp from 192.0.2.10 to any port 443,19000 comment 'Portolan: backup-server-worker,backup-server-worker-updater'

ufw status verbose || true
