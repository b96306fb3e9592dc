# Portolan export: Windows Firewall (PowerShell) for VBR01 (vbr)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: backup-server; addresses 192.0.2.10; host name vbr01.example.net
# Generated from the plan's computed flows; review before applying.
# Inbound policy: allow-only (default: the backup server serves consoles and the REST API).
# Allow rules only: the default inbound action and the other rules stay as they are.
#
# Run in an elevated PowerShell: .\vbr.ps1    Preview only: .\vbr.ps1 -WhatIf
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

# tcp 2500-3300 from ORA-LIN01 (oralin) to VBR01 (vbr)
# - Oracle guest sends data to the guest interaction proxy or backup server [rule oracle-guest-proxy-data; table "Oracle Guest OS Connections" row 7]
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-3300 from ORA-LIN01 (oralin)' `
  -Description 'Oracle guest sends data to the guest interaction proxy or backup server [oracle-guest-proxy-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-3300') `
  -RemoteAddress @('203.0.113.50') | Out-Null
$created++

# tcp 2500-3300 from PG01 (pg1) to VBR01 (vbr)
# - PostgreSQL guest sends data back to the backup server [rule postgresql-guest-backup-server-data; table "PostgreSQL Guest OS Connections" row 3]
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-3300 from PG01 (pg1)' `
  -Description 'PostgreSQL guest sends data back to the backup server [postgresql-guest-backup-server-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-3300') `
  -RemoteAddress @('203.0.113.60') | Out-Null
$created++

# tcp 10006 from WORKER01 (w1) to VBR01 (vbr)
# - Worker reports to the backup server [rule worker-backup-server; table "Workers" row 3]
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 10006 from WORKER01 (w1)' `
  -Description 'Worker reports to the backup server [worker-backup-server]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('10006') `
  -RemoteAddress @('198.51.100.140') | Out-Null
$created++

# tcp 10006 from WORKER02 (w2) to VBR01 (vbr)
# - Worker reports to the backup server [rule worker-backup-server; table "Workers" row 3]
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 10006 from WORKER02 (w2)' `
  -Description 'Worker reports to the backup server [worker-backup-server]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('10006') `
  -RemoteAddress @('198.51.100.141') | Out-Null
$created++

# tcp 10006 from WORKER03 (w3) to VBR01 (vbr)
# - Worker reports to the backup server [rule worker-backup-server; table "Workers" row 3]
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 10006 from WORKER03 (w3)' `
  -Description 'Worker reports to the backup server [worker-backup-server]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('10006') `
  -RemoteAddress @('198.51.100.142') | Out-Null
$created++

Write-Output ('{0} rule(s) in group {1}; {2} earlier rule(s) replaced.' -f $created, $group, $old.Count)
