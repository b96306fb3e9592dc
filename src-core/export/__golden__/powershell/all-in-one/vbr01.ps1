# Portolan export: Windows Firewall (PowerShell) for VBR01 (vbr)
# Plan: All-in-one site
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
  # tcp 2500-3300 from App servers (apps) to VBR01 (vbr)
  # - Guest sends log shipping data to the guest interaction proxy [rule runtime-guest-proxy-data; table "Connections with Non-Persistent Runtime Components" row 9]
  New-NetFirewallRule `
    -Name ($fresh + '-1') `
    -DisplayName 'Portolan: TCP 2500-3300 from App servers (apps)' `
    -Description 'Guest sends log shipping data to the guest interaction proxy [runtime-guest-proxy-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-3300') `
    -RemoteAddress @('192.0.2.101-192.0.2.103') | Out-Null
  $created++

  # udp 123 from PVE01 (pve1) to VBR01 (vbr)
  # - Time synchronisation from the backup server [rule custom:ntp; custom flow ntp; justification: The site has no other NTP server; the backup server serves time; owner: infra]
  New-NetFirewallRule `
    -Name ($fresh + '-2') `
    -DisplayName 'Portolan: UDP 123 from PVE01 (pve1)' `
    -Description 'Time synchronisation from the backup server [custom:ntp]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol UDP -LocalPort @('123') `
    -RemoteAddress @('192.0.2.20') | Out-Null
  $created++

  # tcp 2500-3300,10006 from WORKER01 (w1) to VBR01 (vbr)
  # - Worker reports to the backup server [rule worker-backup-server; table "Workers" row 3]
  # - Worker moves job and restore data to and from the repository or gateway [rule worker-repository-data; table "Workers" row 4]
  New-NetFirewallRule `
    -Name ($fresh + '-3') `
    -DisplayName 'Portolan: TCP 2500-3300,10006 from WORKER01 (w1)' `
    -Description 'Worker reports to the backup server; Worker moves job and restore data to and from the repository or gateway [worker-backup-server,worker-repository-data]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('2500-3300', '10006') `
    -RemoteAddress @('192.0.2.30') | Out-Null
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
