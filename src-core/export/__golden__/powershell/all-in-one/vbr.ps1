# Portolan export: Windows Firewall (PowerShell) for VBR01 (vbr)
# Plan: All-in-one site
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

# tcp 2500-3300 from App servers (apps) to VBR01 (vbr)
# - Guest sends log shipping data to the guest interaction proxy [rule runtime-guest-proxy-data; table "Connections with Non-Persistent Runtime Components" row 9]
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-3300 from App servers (apps)' `
  -Description 'Guest sends log shipping data to the guest interaction proxy [runtime-guest-proxy-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-3300') `
  -RemoteAddress @('192.0.2.101-192.0.2.103') | Out-Null
$created++

# udp 123 from PVE01 (pve1) to VBR01 (vbr)
# - Time synchronisation from the backup server [rule custom:ntp; custom flow ntp; justification: The site has no other NTP server; the backup server serves time; owner: infra]
New-NetFirewallRule `
  -DisplayName 'Portolan: UDP 123 from PVE01 (pve1)' `
  -Description 'Time synchronisation from the backup server [custom:ntp]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol UDP -LocalPort @('123') `
  -RemoteAddress @('192.0.2.20') | Out-Null
$created++

# tcp 2500-3300,10006 from WORKER01 (w1) to VBR01 (vbr)
# - Worker reports to the backup server [rule worker-backup-server; table "Workers" row 3]
# - Worker moves job and restore data to and from the repository or gateway [rule worker-repository-data; table "Workers" row 4]
New-NetFirewallRule `
  -DisplayName 'Portolan: TCP 2500-3300,10006 from WORKER01 (w1)' `
  -Description 'Worker reports to the backup server; Worker moves job and restore data to and from the repository or gateway [worker-backup-server,worker-repository-data]' `
  -Group $group -Direction Inbound -Action Allow -Enabled True `
  -Protocol TCP -LocalPort @('2500-3300', '10006') `
  -RemoteAddress @('192.0.2.30') | Out-Null
$created++

Write-Output ('{0} rule(s) in group {1}; {2} earlier rule(s) replaced.' -f $created, $group, $old.Count)
