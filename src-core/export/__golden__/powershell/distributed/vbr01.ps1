# Portolan export: Windows Firewall (PowerShell) for VBR01 (vbr)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: backup-server; addresses 192.0.2.10; host name vbr01.example.net
# Generated from the plan's computed flows; review before applying.
# Inbound policy: allow-only (default: the backup server serves consoles and the REST API).
# Allow rules only: the default inbound action and the other rules stay as they are.
#
# Run in an elevated PowerShell: .\vbr01.ps1    Preview only: .\vbr01.ps1 -WhatIf
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
  # tcp 2500-3300 from ORA-LIN01 (oralin) to VBR01 (vbr)
  # - Oracle guest sends data to the guest interaction proxy or backup server [rule oracle-guest-proxy-data; table "Oracle Guest OS Connections" row 7]
  New-NetFirewallRule `
    -Name ($fresh + '-1') `
    -DisplayName 'Portolan: TCP 2500-3300 from ORA-LIN01 (oralin)' `
    -Description 'Oracle guest sends data to the guest interaction proxy or backup server [oracle-guest-proxy-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-3300') `
    -RemoteAddress @('203.0.113.50') | Out-Null
  $created++

  # tcp 2500-3300 from PG01 (pg1) to VBR01 (vbr)
  # - PostgreSQL guest sends data back to the backup server [rule postgresql-guest-backup-server-data; table "PostgreSQL Guest OS Connections" row 3]
  New-NetFirewallRule `
    -Name ($fresh + '-2') `
    -DisplayName 'Portolan: TCP 2500-3300 from PG01 (pg1)' `
    -Description 'PostgreSQL guest sends data back to the backup server [postgresql-guest-backup-server-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-3300') `
    -RemoteAddress @('203.0.113.60') | Out-Null
  $created++

  # tcp 10006 from WORKER01 (w1) to VBR01 (vbr)
  # - Worker reports to the backup server [rule worker-backup-server; table "Workers" row 3]
  New-NetFirewallRule `
    -Name ($fresh + '-3') `
    -DisplayName 'Portolan: TCP 10006 from WORKER01 (w1)' `
    -Description 'Worker reports to the backup server [worker-backup-server]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('10006') `
    -RemoteAddress @('198.51.100.140') | Out-Null
  $created++

  # tcp 10006 from WORKER02 (w2) to VBR01 (vbr)
  # - Worker reports to the backup server [rule worker-backup-server; table "Workers" row 3]
  New-NetFirewallRule `
    -Name ($fresh + '-4') `
    -DisplayName 'Portolan: TCP 10006 from WORKER02 (w2)' `
    -Description 'Worker reports to the backup server [worker-backup-server]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('10006') `
    -RemoteAddress @('198.51.100.141') | Out-Null
  $created++

  # tcp 10006 from WORKER03 (w3) to VBR01 (vbr)
  # - Worker reports to the backup server [rule worker-backup-server; table "Workers" row 3]
  New-NetFirewallRule `
    -Name ($fresh + '-5') `
    -DisplayName 'Portolan: TCP 10006 from WORKER03 (w3)' `
    -Description 'Worker reports to the backup server [worker-backup-server]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('10006') `
    -RemoteAddress @('198.51.100.142') | Out-Null
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
