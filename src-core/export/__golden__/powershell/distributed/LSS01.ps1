# Portolan export: Windows Firewall (PowerShell) for LSS01 (lss)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: log-shipping-server; addresses 192.0.2.30
# Generated from the plan's computed flows; review before applying.
# Inbound policy: restrict (default for dedicated backup infrastructure: log-shipping-server).
# Adds allow rules only; with the default inbound action Block, review the other enabled inbound rules.
#
# Run in an elevated PowerShell: .\LSS01.ps1    Preview only: .\LSS01.ps1 -WhatIf
# Rules live in one of the groups "Portolan" and "Portolan-B": a run adds the new
# rules under the group that does not hold the current set, and only when every new rule is
# in place removes the earlier set; a failure midway removes what the run added, so the host
# keeps either the earlier set or the new one, never a part. Re-running replaces the rules.
# Undo: Get-NetFirewallRule -Group 'Portolan','Portolan-B' -ErrorAction SilentlyContinue | Remove-NetFirewallRule
[CmdletBinding(SupportsShouldProcess)]
param()

Set-StrictMode -Version 3
$ErrorActionPreference = 'Stop'
$groups = @('Portolan', 'Portolan-B')
$created = 0

# The fresh group is the one that does not hold the live set (the first while neither does).
# -WhatIf reaches every cmdlet below through $WhatIfPreference.
$live = @(Get-NetFirewallRule -Group $groups[0] -ErrorAction SilentlyContinue)
if ($live.Count -gt 0) { $fresh = $groups[1] } else { $fresh = $groups[0] }
$stale = @(Get-NetFirewallRule -Group $fresh -ErrorAction SilentlyContinue)
# Rules left in the fresh group by an interrupted run are not the live set: clear them first.
if ($stale.Count -gt 0) { $stale | Remove-NetFirewallRule }

try {
  # tcp 2500-3300 from ORA-LIN01 (oralin) to LSS01 (lss)
  # - Oracle guest sends log backups to the log shipping server [rule oracle-guest-log-shipping-data; table "Oracle Guest OS Connections" row 9]
  New-NetFirewallRule `
    -Name ($fresh + '-1') `
    -DisplayName 'Portolan: TCP 2500-3300 from ORA-LIN01 (oralin)' `
    -Description 'Oracle guest sends log backups to the log shipping server [oracle-guest-log-shipping-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-3300') `
    -RemoteAddress @('203.0.113.50') | Out-Null
  $created++

  # tcp 2500-3300 from SQL01 (sql1) to LSS01 (lss)
  # - SQL Server guest sends log backups to the log shipping server [rule mssql-guest-log-shipping-data; table "MS SQL Guest OS Connections" row 7]
  New-NetFirewallRule `
    -Name ($fresh + '-2') `
    -DisplayName 'Portolan: TCP 2500-3300 from SQL01 (sql1)' `
    -Description 'SQL Server guest sends log backups to the log shipping server [mssql-guest-log-shipping-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-3300') `
    -RemoteAddress @('203.0.113.30') | Out-Null
  $created++

  # tcp 445,6160,6162 from VBR01 (vbr) to LSS01 (lss)
  # - Backup server deploys components onto the log shipping server (SMB) [rule log-shipping-backup-server-smb; table "Log Shipping Server Connections" row 1]
  # - Veeam Installer Service on the log shipping server [rule log-shipping-backup-server-installer; table "Log Shipping Server Connections" row 2]
  # - Veeam Data Mover Service on the log shipping server [rule log-shipping-backup-server-data-mover-service; table "Log Shipping Server Connections" row 3]
  New-NetFirewallRule `
    -Name ($fresh + '-3') `
    -DisplayName 'Portolan: TCP 445,6160,6162 from VBR01 (vbr)' `
    -Description 'Backup server deploys components onto the log shipping server (SMB); Veeam Installer Service on the log shipping server; Veeam Data Mover Service on the log shipping server [log-shipping-backup-server-smb,log-shipping-backup-server-installer,log-shipping-backup-server-data-mover-service]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('445', '6160', '6162') `
    -RemoteAddress @('192.0.2.10') | Out-Null
  $created++
} catch {
  # Midway failure: remove what this run added; the earlier set stays in force.
  Get-NetFirewallRule -Group $fresh -ErrorAction SilentlyContinue | Remove-NetFirewallRule
  throw
}

# Every new rule is in place: remove the earlier set (the other group).
$old = @($groups | Where-Object { $_ -ne $fresh } | ForEach-Object {
  Get-NetFirewallRule -Group $_ -ErrorAction SilentlyContinue
})
if ($old.Count -gt 0) { $old | Remove-NetFirewallRule }
Write-Output ('{0} rule(s) in group {1}; {2} earlier rule(s) removed.' -f $created, $fresh, $old.Count)
