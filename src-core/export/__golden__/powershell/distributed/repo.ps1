# Portolan export: Windows Firewall (PowerShell) for GW-REPO01 (repo)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: backup-repository; addresses 198.51.100.10; host name repo01.example.net
# Generated from the plan's computed flows; review before applying.
# Inbound policy: restrict (default for dedicated backup infrastructure: backup-repository).
# Adds allow rules only; with the default inbound action Block, review the other enabled inbound rules.
#
# Run in an elevated PowerShell: .\repo.ps1    Preview only: .\repo.ps1 -WhatIf
# Every rule joins the group "Portolan"; a run first removes that group's rules,
# so re-running replaces the earlier rules instead of adding duplicates.
[CmdletBinding(SupportsShouldProcess)]
param()

Set-StrictMode -Version 3
$ErrorActionPreference = 'Stop'
$group = 'Portolan'
$created = 0

# -WhatIf reaches these cmdlets through $WhatIfPreference.
$old = @(Get-NetFirewallRule -Group $group -ErrorAction SilentlyContinue)
if ($old.Count -gt 0) { $old | Remove-NetFirewallRule }

# tcp 2500-2600 from LSS01 (lss) to GW-REPO01 (repo)
# - Log shipping server writes log backups to the repository [rule log-shipping-repository-data; table "Log Shipping Server Connections" row 5] (port override on repo; catalog 2500-3300)
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-2600 from LSS01 (lss)' `
  -Description 'Log shipping server writes log backups to the repository [log-shipping-repository-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-2600') `
  -RemoteAddress @('192.0.2.30') | Out-Null
$created++

# tcp 2500-2600 from ORA-WIN01 (orawin) to GW-REPO01 (repo)
# - Oracle guest sends log backups straight to the repository [rule oracle-guest-repository-data; table "Oracle Guest OS Connections" row 8] (applies: No log shipping server is used (the database server sends log backups straight to the repository)) (port override on repo; catalog 2500-3300)
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-2600 from ORA-WIN01 (orawin)' `
  -Description 'Oracle guest sends log backups straight to the repository [oracle-guest-repository-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-2600') `
  -RemoteAddress @('203.0.113.40') | Out-Null
$created++

# tcp 2500-2600 from PG01 (pg1) to GW-REPO01 (repo)
# - PostgreSQL guest sends log backups straight to the repository [rule postgresql-guest-repository-data; table "PostgreSQL Guest OS Connections" row 4] (applies: No log shipping server is used (the database server sends log backups straight to the repository)) (port override on repo; catalog 2500-...
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-2600 from PG01 (pg1)' `
  -Description 'PostgreSQL guest sends log backups straight to the repository [postgresql-guest-repository-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-2600') `
  -RemoteAddress @('203.0.113.60') | Out-Null
$created++

# tcp 2500-2600 from WORKER01 (w1) to GW-REPO01 (repo)
# - Worker moves job and restore data to and from the repository or gateway [rule worker-repository-data; table "Workers" row 4] (port override on repo; catalog 2500-3300)
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-2600 from WORKER01 (w1)' `
  -Description 'Worker moves job and restore data to and from the repository or gateway [worker-repository-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-2600') `
  -RemoteAddress @('198.51.100.140') | Out-Null
$created++

# tcp 2500-2600 from WORKER02 (w2) to GW-REPO01 (repo)
# - Worker moves job and restore data to and from the repository or gateway [rule worker-repository-data; table "Workers" row 4] (port override on repo; catalog 2500-3300)
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-2600 from WORKER02 (w2)' `
  -Description 'Worker moves job and restore data to and from the repository or gateway [worker-repository-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-2600') `
  -RemoteAddress @('198.51.100.141') | Out-Null
$created++

# tcp 2500-2600 from WORKER03 (w3) to GW-REPO01 (repo)
# - Worker moves job and restore data to and from the repository or gateway [rule worker-repository-data; table "Workers" row 4] (port override on repo; catalog 2500-3300)
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-2600 from WORKER03 (w3)' `
  -Description 'Worker moves job and restore data to and from the repository or gateway [worker-repository-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-2600') `
  -RemoteAddress @('198.51.100.142') | Out-Null
$created++

Write-Output ('{0} rule(s) in group {1}; {2} earlier rule(s) replaced.' -f $created, $group, $old.Count)
