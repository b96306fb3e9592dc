# Portolan export: Connectivity checks (PowerShell) for FILE01 (win1)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: windows-guest; addresses 203.0.113.20
# Generated from the plan's computed flows; review before applying.
#
# Run on this host after the firewall change: .\FILE01.check.ps1
# PASS = TCP connection made (Test-NetConnection). Exit code 0 when every check passed, 1 otherwise.
# A port range is probed at its first port; nothing listens there unless a job runs.
[CmdletBinding()]
param()

Set-StrictMode -Version 3
$script:passed = 0
$script:failed = 0
$script:skipped = 0

function Test-PortolanFlow {
  param([string]$Label, [string]$Target, [int]$Port)
  $result = Test-NetConnection -ComputerName $Target -Port $Port -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
  if ($result -and $result.TcpTestSucceeded) {
    Write-Output ('PASS     ' + $Label)
    $script:passed++
  } else {
    Write-Output ('FAIL     ' + $Label + ': no TCP connection')
    $script:failed++
  }
}

function Skip-PortolanFlow {
  param([string]$Label, [string]$Reason)
  Write-Output ('SKIP     ' + $Label + ': ' + $Reason)
  $script:skipped++
}

# tcp 2500-3300 from FILE01 (win1) to GIP01 (gip)
# - Guest sends log shipping data to the guest interaction proxy [rule runtime-guest-proxy-data]
Test-PortolanFlow -Label 'tcp 2500-3300 to GIP01 (gip) at 192.0.2.20 [runtime-guest-proxy-data]' -Target '192.0.2.20' -Port 2500

Write-Output ('{0} passed, {1} failed, {2} skipped' -f $script:passed, $script:failed, $script:skipped)
if ($script:failed -gt 0) { exit 1 }
exit 0
