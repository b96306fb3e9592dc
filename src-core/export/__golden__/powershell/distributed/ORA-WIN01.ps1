# Portolan export: Windows Firewall (PowerShell) for ORA-WIN01 (orawin)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: oracle-windows-guest; addresses 203.0.113.40
# Generated from the plan's computed flows; review before applying.
# Inbound policy: allow-only (default: a protected guest serves its own clients).
# Allow rules only: the default inbound action and the other rules stay as they are.
#
# Run in an elevated PowerShell: .\ORA-WIN01.ps1    Preview only: .\ORA-WIN01.ps1 -WhatIf
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
  # tcp 445,2500-3300,5986,6167 from GIP01 (gip) to ORA-WIN01 (orawin)
  # - Proxy deploys the runtime coordination process into the Windows guest [rule runtime-proxy-windows-smb; table "Connections with Non-Persistent Runtime Components" row 6]
  # - Log shipping data channels into the Windows guest [rule runtime-proxy-windows-data; table "Connections with Non-Persistent Runtime Components" row 7]
  # - Proxy deploys components, including the Log Shipper, into the Oracle (Windows) guest [rule oracle-proxy-windows-smb; table "Oracle Guest OS Connections" row 1]
  # - Data channels from the proxy into the Oracle (Windows) guest [rule oracle-proxy-windows-data; table "Oracle Guest OS Connections" row 2]
  # - Veeam Log Shipping Service prepares the database and collects logs [rule oracle-proxy-windows-log-shipping-service; table "Oracle Guest OS Connections" row 4]
  # - WinRM over HTTPS for pre-freeze scripts [rule custom:winrm; custom rule winrm; justification: Site standard WS-7: guest scripts run through WinRM; owner: windows-team]
  New-NetFirewallRule `
    -Name ($fresh + '-1') `
    -DisplayName 'Portolan: TCP 445,2500-3300,5986,6167 from GIP01 (gip)' `
    -Description 'Proxy deploys the runtime coordination process into the Windows guest; Log shipping data channels into the Windows guest; Proxy deploys components, including the Log Shipper, into the Oracle (Windows) guest; Data channels from the proxy into the Oracle (Windows) guest; Veeam Log Shipping Service prepares the database and collects logs; WinRM over HTTPS for pre-freeze scripts [runtime-proxy-windows-smb,runtime-proxy-windows-data,oracle-proxy-windows-smb,oracle-proxy-windows-data,oracle-proxy-windows-log-shipping-service,custom:winrm]' `
    -Group $fresh -Direction Inbound -Action Allow -Enabled True `
    -Protocol TCP -LocalPort @('445', '2500-3300', '5986', '6167') `
    -RemoteAddress @('192.0.2.20') | Out-Null
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
