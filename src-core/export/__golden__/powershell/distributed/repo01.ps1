# Portolan export: Windows Firewall (PowerShell) for GW-REPO01 (repo)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: backup-repository; addresses 198.51.100.10; host name repo01.example.net
# Generated from the plan's computed flows; review before applying.
# Inbound policy: restrict (default for dedicated backup infrastructure: backup-repository).
# Adds allow rules only; with the default inbound action Block, review the other enabled inbound rules.
#
# Run in an elevated PowerShell: .\repo01.ps1    Preview only: .\repo01.ps1 -WhatIf
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
  # tcp 2500-2600 from LSS01 (lss) to GW-REPO01 (repo)
  # - Log shipping server writes log backups to the repository [rule log-shipping-repository-data; table "Log Shipping Server Connections" row 5] (port override on repo; catalog 2500-3300)
  New-NetFirewallRule `
    -Name ($fresh + '-1') `
    -DisplayName 'Portolan: TCP 2500-2600 from LSS01 (lss)' `
    -Description 'Log shipping server writes log backups to the repository [log-shipping-repository-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-2600') `
    -RemoteAddress @('192.0.2.30') | Out-Null
  $created++

  # tcp 2500-2600 from ORA-WIN01 (orawin) to GW-REPO01 (repo)
  # - Oracle guest sends log backups straight to the repository [rule oracle-guest-repository-data; table "Oracle Guest OS Connections" row 8] (applies: No log shipping server is used (the database server sends log backups straight to the repository)) (port override on repo; catalog 2500-3300)
  New-NetFirewallRule `
    -Name ($fresh + '-2') `
    -DisplayName 'Portolan: TCP 2500-2600 from ORA-WIN01 (orawin)' `
    -Description 'Oracle guest sends log backups straight to the repository [oracle-guest-repository-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-2600') `
    -RemoteAddress @('203.0.113.40') | Out-Null
  $created++

  # tcp 2500-2600 from PG01 (pg1) to GW-REPO01 (repo)
  # - PostgreSQL guest sends log backups straight to the repository [rule postgresql-guest-repository-data; table "PostgreSQL Guest OS Connections" row 4] (applies: No log shipping server is used (the database server sends log backups straight to the repository)) (port override on repo; catalog 2500-...
  New-NetFirewallRule `
    -Name ($fresh + '-3') `
    -DisplayName 'Portolan: TCP 2500-2600 from PG01 (pg1)' `
    -Description 'PostgreSQL guest sends log backups straight to the repository [postgresql-guest-repository-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-2600') `
    -RemoteAddress @('203.0.113.60') | Out-Null
  $created++

  # tcp 2500-2600 from WORKER01 (w1) to GW-REPO01 (repo)
  # - Worker moves job and restore data to and from the repository or gateway [rule worker-repository-data; table "Workers" row 4] (port override on repo; catalog 2500-3300)
  New-NetFirewallRule `
    -Name ($fresh + '-4') `
    -DisplayName 'Portolan: TCP 2500-2600 from WORKER01 (w1)' `
    -Description 'Worker moves job and restore data to and from the repository or gateway [worker-repository-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-2600') `
    -RemoteAddress @('198.51.100.140') | Out-Null
  $created++

  # tcp 2500-2600 from WORKER02 (w2) to GW-REPO01 (repo)
  # - Worker moves job and restore data to and from the repository or gateway [rule worker-repository-data; table "Workers" row 4] (port override on repo; catalog 2500-3300)
  New-NetFirewallRule `
    -Name ($fresh + '-5') `
    -DisplayName 'Portolan: TCP 2500-2600 from WORKER02 (w2)' `
    -Description 'Worker moves job and restore data to and from the repository or gateway [worker-repository-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-2600') `
    -RemoteAddress @('198.51.100.141') | Out-Null
  $created++

  # tcp 2500-2600 from WORKER03 (w3) to GW-REPO01 (repo)
  # - Worker moves job and restore data to and from the repository or gateway [rule worker-repository-data; table "Workers" row 4] (port override on repo; catalog 2500-3300)
  New-NetFirewallRule `
    -Name ($fresh + '-6') `
    -DisplayName 'Portolan: TCP 2500-2600 from WORKER03 (w3)' `
    -Description 'Worker moves job and restore data to and from the repository or gateway [worker-repository-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-2600') `
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
