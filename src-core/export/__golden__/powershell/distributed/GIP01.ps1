# Portolan export: Windows Firewall (PowerShell) for GIP01 (gip)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: guest-interaction-proxy; addresses 192.0.2.20
# Generated from the plan's computed flows; review before applying.
# Inbound policy: restrict (default for dedicated backup infrastructure: guest-interaction-proxy).
# Adds allow rules only; with the default inbound action Block, review the other enabled inbound rules.
#
# Run in an elevated PowerShell: .\GIP01.ps1    Preview only: .\GIP01.ps1 -WhatIf
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
  # tcp 2500-3300 from ORA-WIN01 (orawin) to GIP01 (gip)
  # - Guest sends log shipping data to the guest interaction proxy [rule runtime-guest-proxy-data; table "Connections with Non-Persistent Runtime Components" row 9]
  # - Oracle guest sends data to the guest interaction proxy or backup server [rule oracle-guest-proxy-data; table "Oracle Guest OS Connections" row 7]
  New-NetFirewallRule `
    -Name ($fresh + '-1') `
    -DisplayName 'Portolan: TCP 2500-3300 from ORA-WIN01 (orawin)' `
    -Description 'Guest sends log shipping data to the guest interaction proxy; Oracle guest sends data to the guest interaction proxy or backup server [runtime-guest-proxy-data,oracle-guest-proxy-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-3300') `
    -RemoteAddress @('203.0.113.40') | Out-Null
  $created++

  # tcp 2500-3300 from SQL01 (sql1) to GIP01 (gip)
  # - Guest sends log shipping data to the guest interaction proxy [rule runtime-guest-proxy-data; table "Connections with Non-Persistent Runtime Components" row 9]
  # - SQL Server guest sends data to the guest interaction proxy [rule mssql-guest-proxy-data; table "MS SQL Guest OS Connections" row 5]
  New-NetFirewallRule `
    -Name ($fresh + '-2') `
    -DisplayName 'Portolan: TCP 2500-3300 from SQL01 (sql1)' `
    -Description 'Guest sends log shipping data to the guest interaction proxy; SQL Server guest sends data to the guest interaction proxy [runtime-guest-proxy-data,mssql-guest-proxy-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-3300') `
    -RemoteAddress @('203.0.113.30') | Out-Null
  $created++

  # tcp 445,6190,6290 from VBR01 (vbr) to GIP01 (gip)
  # - Backup server talks to the guest interaction proxy [rule runtime-backup-server-proxy-6190; table "Connections with Non-Persistent Runtime Components" row 3]
  # - Control channel from the backup server to the guest interaction proxy [rule runtime-backup-server-proxy-6290; table "Connections with Non-Persistent Runtime Components" row 4]
  # - Data channel (SMB) from the backup server to the guest interaction proxy [rule runtime-backup-server-proxy-smb; table "Connections with Non-Persistent Runtime Components" row 5]
  New-NetFirewallRule `
    -Name ($fresh + '-3') `
    -DisplayName 'Portolan: TCP 445,6190,6290 from VBR01 (vbr)' `
    -Description 'Backup server talks to the guest interaction proxy; Control channel from the backup server to the guest interaction proxy; Data channel (SMB) from the backup server to the guest interaction proxy [runtime-backup-server-proxy-6190,runtime-backup-server-proxy-6290,runtime-backup-server-proxy-smb]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('445', '6190', '6290') `
    -RemoteAddress @('192.0.2.10') | Out-Null
  $created++

  # tcp 2500-3300 from FILE01 (win1) to GIP01 (gip)
  # - Guest sends log shipping data to the guest interaction proxy [rule runtime-guest-proxy-data; table "Connections with Non-Persistent Runtime Components" row 9]
  New-NetFirewallRule `
    -Name ($fresh + '-4') `
    -DisplayName 'Portolan: TCP 2500-3300 from FILE01 (win1)' `
    -Description 'Guest sends log shipping data to the guest interaction proxy [runtime-guest-proxy-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-3300') `
    -RemoteAddress @('203.0.113.20') | Out-Null
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
