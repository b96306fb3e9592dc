#!/usr/bin/env bash
# Portolan export: ufw (Linux) for WEB01 (lin1)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: linux-guest; addresses 203.0.113.10
# Generated from the plan's computed flows; review before applying.
# Inbound policy: allow-only (default: a protected guest serves its own clients).
# Allow rules only: the default policy and the other rules stay as they are.
#
# Run as root: bash WEB01.ufw.sh
# Adds allow rules per source; ufw skips rules that already exist, so re-running is safe.
# ufw denies other inbound traffic by default once enabled ("ufw enable"); this script
# does not enable ufw, so that you can review "ufw show added" first.
set -euo pipefail

# tcp 22,2500-3300 from VBR01 (vbr) to WEB01 (lin1)
# - SSH control channel into the Linux guest [rule runtime-backup-server-linux-ssh; table "Connections with Non-Persistent Runtime Components" row 1]
# - Log shipping data channels into the Linux guest [rule runtime-backup-server-linux-data; table "Connections with Non-Persistent Runtime Components" row 2]
ufw allow proto tcp from 192.0.2.10 to any port 22,2500:3300 comment 'Portolan: runtime-backup-server-linux-ssh,runtime-backup-server-linux-data'

# tcp 8443 from Web tier (40 VMs) (web) to WEB01 (lin1)
# - Web tier calls the application API on WEB01 [rule custom:web-app; custom flow web-app; justification: Application architecture AA-17: the web tier is the API's only client; owner: web-team]
ufw allow proto tcp from 203.0.113.100/30 to any port 8443 comment 'Portolan: custom:web-app'
ufw allow proto tcp from 203.0.113.104/29 to any port 8443 comment 'Portolan: custom:web-app'
ufw allow proto tcp from 203.0.113.112/28 to any port 8443 comment 'Portolan: custom:web-app'
ufw allow proto tcp from 203.0.113.128/29 to any port 8443 comment 'Portolan: custom:web-app'
ufw allow proto tcp from 203.0.113.136/30 to any port 8443 comment 'Portolan: custom:web-app'
ufw allow proto tcp from 203.0.113.200 to any port 8443 comment 'Portolan: custom:web-app'

ufw status verbose || true
