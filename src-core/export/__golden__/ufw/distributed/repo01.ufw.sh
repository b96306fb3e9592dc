#!/usr/bin/env bash
# Portolan export: ufw (Linux) for GW-REPO01 (repo)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: backup-repository; addresses 198.51.100.10; host name repo01.example.net
# Generated from the plan's computed flows; review before applying.
# Inbound policy: restrict (default for dedicated backup infrastructure: backup-repository).
# Adds allow rules only; ufw denies the rest, so review the other allow rules (ufw status).
#
# Run as root: bash repo01.ufw.sh
# Adds allow rules per source; ufw skips rules that already exist, so re-running is safe.
# ufw denies other inbound traffic by default once enabled ("ufw enable"); this script
# does not enable ufw, so that you can review "ufw show added" first.
set -euo pipefail

# tcp 2500-2600 from LSS01 (lss) to GW-REPO01 (repo)
# - Log shipping server writes log backups to the repository [rule log-shipping-repository-data; table "Log Shipping Server Connections" row 5] (port override on repo; catalog 2500-3300)
ufw allow proto tcp from 192.0.2.30 to any port 2500:2600 comment 'Portolan: log-shipping-repository-data'

# tcp 2500-2600 from ORA-WIN01 (orawin) to GW-REPO01 (repo)
# - Oracle guest sends log backups straight to the repository [rule oracle-guest-repository-data; table "Oracle Guest OS Connections" row 8] (applies: No log shipping server is used (the database server sends log backups straight to the repository)) (port override on repo; catalog 2500-3300)
ufw allow proto tcp from 203.0.113.40 to any port 2500:2600 comment 'Portolan: oracle-guest-repository-data'

# tcp 2500-2600 from PG01 (pg1) to GW-REPO01 (repo)
# - PostgreSQL guest sends log backups straight to the repository [rule postgresql-guest-repository-data; table "PostgreSQL Guest OS Connections" row 4] (applies: No log shipping server is used (the database server sends log backups straight to the repository)) (port override on repo; catalog 2500-...
ufw allow proto tcp from 203.0.113.60 to any port 2500:2600 comment 'Portolan: postgresql-guest-repository-data'

# tcp 2500-2600 from WORKER01 (w1) to GW-REPO01 (repo)
# - Worker moves job and restore data to and from the repository or gateway [rule worker-repository-data; table "Workers" row 4] (port override on repo; catalog 2500-3300)
ufw allow proto tcp from 198.51.100.140 to any port 2500:2600 comment 'Portolan: worker-repository-data'

# tcp 2500-2600 from WORKER02 (w2) to GW-REPO01 (repo)
# - Worker moves job and restore data to and from the repository or gateway [rule worker-repository-data; table "Workers" row 4] (port override on repo; catalog 2500-3300)
ufw allow proto tcp from 198.51.100.141 to any port 2500:2600 comment 'Portolan: worker-repository-data'

# tcp 2500-2600 from WORKER03 (w3) to GW-REPO01 (repo)
# - Worker moves job and restore data to and from the repository or gateway [rule worker-repository-data; table "Workers" row 4] (port override on repo; catalog 2500-3300)
ufw allow proto tcp from 198.51.100.142 to any port 2500:2600 comment 'Portolan: worker-repository-data'

ufw status verbose || true
