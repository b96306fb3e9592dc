#!/usr/bin/env bash
# Portolan export: ufw (Linux) for PVE01 (pve1)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: pve-server; addresses 198.51.100.130
# Generated from the plan's computed flows; review before applying.
#
# Run as root: bash pve1.ufw.sh
# Adds allow rules per source; ufw skips rules that already exist, so re-running is safe.
# ufw denies other inbound traffic by default once enabled ("ufw enable"); this script
# does not enable ufw, so that you can review "ufw show added" first.
set -euo pipefail

# tcp 22,8006 from VBR01 (vbr) to PVE01 (pve1)
# - Backup server calls the Proxmox VE REST API [rule backup-server-pve-api; table "Backup Server" row 4]
# - Backup server manages the Proxmox VE server over SSH [rule backup-server-pve-ssh; table "Backup Server" row 5]
ufw allow proto tcp from 192.0.2.10 to any port 22,8006 comment 'Portolan: backup-server-pve-api,backup-server-pve-ssh'

# tcp 22,8006 from WORKER01 (w1) to PVE01 (pve1)
# - Worker calls the Proxmox VE REST API [rule worker-pve-api; table "Workers" row 1]
# - Worker manages the Proxmox VE server over SSH [rule worker-pve-ssh; table "Workers" row 2]
ufw allow proto tcp from 198.51.100.140 to any port 22,8006 comment 'Portolan: worker-pve-api,worker-pve-ssh'

# tcp 22,8006 from WORKER03 (w3) to PVE01 (pve1)
# - Worker calls the Proxmox VE REST API [rule worker-pve-api; table "Workers" row 1]
# - Worker manages the Proxmox VE server over SSH [rule worker-pve-ssh; table "Workers" row 2]
ufw allow proto tcp from 198.51.100.142 to any port 22,8006 comment 'Portolan: worker-pve-api,worker-pve-ssh'

ufw status verbose || true
