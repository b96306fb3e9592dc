#!/usr/bin/env bash
# Portolan export: firewalld (Linux) for GW-REPO01 (repo)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: backup-repository; addresses 198.51.100.10; host name repo01.example.net
# Generated from the plan's computed flows; review before applying.
# Inbound policy: restrict (default for dedicated backup infrastructure: backup-repository).
# Adds allow rules only; the zone drops the rest, so review what else the zone allows.
#
# Run as root: bash repo01.firewalld.sh   (zone: FIREWALLD_ZONE, default: the default zone)
# Adds permanent rich rules for every source of this host, then reloads firewalld.
# Re-running is safe: firewalld ignores a rich rule that already exists.
# Services the zone already allows stay allowed; review the zone for anything else.
set -euo pipefail

zone_args=()
if [ -n "${FIREWALLD_ZONE:-}" ]; then zone_args=(--zone="$FIREWALLD_ZONE"); fi

add_rule() {
  firewall-cmd --permanent "${zone_args[@]}" --add-rich-rule="$1"
}

# tcp 2500-2600 from LSS01 (lss) to GW-REPO01 (repo)
# - Log shipping server writes log backups to the repository [rule log-shipping-repository-data; table "Log Shipping Server Connections" row 5] (port override on repo; catalog 2500-3300)
add_rule 'rule family="ipv4" source address="192.0.2.30" port port="2500-2600" protocol="tcp" accept'

# tcp 2500-2600 from ORA-WIN01 (orawin) to GW-REPO01 (repo)
# - Oracle guest sends log backups straight to the repository [rule oracle-guest-repository-data; table "Oracle Guest OS Connections" row 8] (applies: No log shipping server is used (the database server sends log backups straight to the repository)) (port override on repo; catalog 2500-3300)
add_rule 'rule family="ipv4" source address="203.0.113.40" port port="2500-2600" protocol="tcp" accept'

# tcp 2500-2600 from PG01 (pg1) to GW-REPO01 (repo)
# - PostgreSQL guest sends log backups straight to the repository [rule postgresql-guest-repository-data; table "PostgreSQL Guest OS Connections" row 4] (applies: No log shipping server is used (the database server sends log backups straight to the repository)) (port override on repo; catalog 2500-...
add_rule 'rule family="ipv4" source address="203.0.113.60" port port="2500-2600" protocol="tcp" accept'

# tcp 2500-2600 from WORKER01 (w1) to GW-REPO01 (repo)
# - Worker moves job and restore data to and from the repository or gateway [rule worker-repository-data; table "Workers" row 4] (port override on repo; catalog 2500-3300)
add_rule 'rule family="ipv4" source address="198.51.100.140" port port="2500-2600" protocol="tcp" accept'

# tcp 2500-2600 from WORKER02 (w2) to GW-REPO01 (repo)
# - Worker moves job and restore data to and from the repository or gateway [rule worker-repository-data; table "Workers" row 4] (port override on repo; catalog 2500-3300)
add_rule 'rule family="ipv4" source address="198.51.100.141" port port="2500-2600" protocol="tcp" accept'

# tcp 2500-2600 from WORKER03 (w3) to GW-REPO01 (repo)
# - Worker moves job and restore data to and from the repository or gateway [rule worker-repository-data; table "Workers" row 4] (port override on repo; catalog 2500-3300)
add_rule 'rule family="ipv4" source address="198.51.100.142" port port="2500-2600" protocol="tcp" accept'

firewall-cmd --reload
