# Portolan export: Windows Firewall (PowerShell) for GIP01 (gip)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: guest-interaction-proxy; addresses 192.0.2.20
# Generated from the plan's computed flows; review before applying.
# Inbound policy: restrict (default for dedicated backup infrastructure: guest-interaction-proxy).
# Adds allow rules only; with the default inbound action Block, review the other enabled inbound rules.
#
# Run in an elevated PowerShell: .\gip.ps1    Preview only: .\gip.ps1 -WhatIf
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

# tcp 2500-3300 from ORA-WIN01 (orawin) to GIP01 (gip)
# - Guest sends log shipping data to the guest interaction proxy [rule runtime-guest-proxy-data; table "Connections with Non-Persistent Runtime Components" row 9]
# - Oracle guest sends data to the guest interaction proxy or backup server [rule oracle-guest-proxy-data; table "Oracle Guest OS Connections" row 7]
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-3300 from ORA-WIN01 (orawin)' `
  -Description 'Guest sends log shipping data to the guest interaction proxy; Oracle guest sends data to the guest interaction proxy or backup server [runtime-guest-proxy-data,oracle-guest-proxy-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-3300') `
  -RemoteAddress @('203.0.113.40') | Out-Null
$created++

# tcp 2500-3300 from SQL01 (sql1) to GIP01 (gip)
# - Guest sends log shipping data to the guest interaction proxy [rule runtime-guest-proxy-data; table "Connections with Non-Persistent Runtime Components" row 9]
# - SQL Server guest sends data to the guest interaction proxy [rule mssql-guest-proxy-data; table "MS SQL Guest OS Connections" row 5]
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-3300 from SQL01 (sql1)' `
  -Description 'Guest sends log shipping data to the guest interaction proxy; SQL Server guest sends data to the guest interaction proxy [runtime-guest-proxy-data,mssql-guest-proxy-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-3300') `
  -RemoteAddress @('203.0.113.30') | Out-Null
$created++

# tcp 445,6190,6290 from VBR01 (vbr) to GIP01 (gip)
# - Backup server talks to the guest interaction proxy [rule runtime-backup-server-proxy-6190; table "Connections with Non-Persistent Runtime Components" row 3]
# - Control channel from the backup server to the guest interaction proxy [rule runtime-backup-server-proxy-6290; table "Connections with Non-Persistent Runtime Components" row 4]
# - Data channel (SMB) from the backup server to the guest interaction proxy [rule runtime-backup-server-proxy-smb; table "Connections with Non-Persistent Runtime Components" row 5]
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 445,6190,6290 from VBR01 (vbr)' `
  -Description 'Backup server talks to the guest interaction proxy; Control channel from the backup server to the guest interaction proxy; Data channel (SMB) from the backup server to the guest interaction proxy [runtime-backup-server-proxy-6190,runtime-backup-server-proxy-6290,runtime-backup-server-proxy-smb]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('445', '6190', '6290') `
  -RemoteAddress @('192.0.2.10') | Out-Null
$created++

# tcp 2500-3300 from FILE01 (win1) to GIP01 (gip)
# - Guest sends log shipping data to the guest interaction proxy [rule runtime-guest-proxy-data; table "Connections with Non-Persistent Runtime Components" row 9]
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-3300 from FILE01 (win1)' `
  -Description 'Guest sends log shipping data to the guest interaction proxy [runtime-guest-proxy-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-3300') `
  -RemoteAddress @('203.0.113.20') | Out-Null
$created++

Write-Output ('{0} rule(s) in group {1}; {2} earlier rule(s) replaced.' -f $created, $group, $old.Count)
