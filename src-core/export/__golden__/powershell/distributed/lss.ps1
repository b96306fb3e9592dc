# Portolan export: Windows Firewall (PowerShell) for LSS01 (lss)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: log-shipping-server; addresses 192.0.2.30
# Generated from the plan's computed flows; review before applying.
# Inbound policy: restrict (default for dedicated backup infrastructure: log-shipping-server).
# Adds allow rules only; with the default inbound action Block, review the other enabled inbound rules.
#
# Run in an elevated PowerShell: .\lss.ps1    Preview only: .\lss.ps1 -WhatIf
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

# tcp 2500-3300 from ORA-LIN01 (oralin) to LSS01 (lss)
# - Oracle guest sends log backups to the log shipping server [rule oracle-guest-log-shipping-data; table "Oracle Guest OS Connections" row 9]
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-3300 from ORA-LIN01 (oralin)' `
  -Description 'Oracle guest sends log backups to the log shipping server [oracle-guest-log-shipping-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-3300') `
  -RemoteAddress @('203.0.113.50') | Out-Null
$created++

# tcp 2500-3300 from SQL01 (sql1) to LSS01 (lss)
# - SQL Server guest sends log backups to the log shipping server [rule mssql-guest-log-shipping-data; table "MS SQL Guest OS Connections" row 7]
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-3300 from SQL01 (sql1)' `
  -Description 'SQL Server guest sends log backups to the log shipping server [mssql-guest-log-shipping-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-3300') `
  -RemoteAddress @('203.0.113.30') | Out-Null
$created++

# tcp 445,6160,6162 from VBR01 (vbr) to LSS01 (lss)
# - Backup server deploys components onto the log shipping server (SMB) [rule log-shipping-backup-server-smb; table "Log Shipping Server Connections" row 1]
# - Veeam Installer Service on the log shipping server [rule log-shipping-backup-server-installer; table "Log Shipping Server Connections" row 2]
# - Veeam Data Mover Service on the log shipping server [rule log-shipping-backup-server-data-mover-service; table "Log Shipping Server Connections" row 3]
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 445,6160,6162 from VBR01 (vbr)' `
  -Description 'Backup server deploys components onto the log shipping server (SMB); Veeam Installer Service on the log shipping server; Veeam Data Mover Service on the log shipping server [log-shipping-backup-server-smb,log-shipping-backup-server-installer,log-shipping-backup-server-data-mover-service]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('445', '6160', '6162') `
  -RemoteAddress @('192.0.2.10') | Out-Null
$created++

Write-Output ('{0} rule(s) in group {1}; {2} earlier rule(s) replaced.' -f $created, $group, $old.Count)
