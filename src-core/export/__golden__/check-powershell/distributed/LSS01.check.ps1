# Portolan export: Connectivity checks (PowerShell) for LSS01 (lss)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: log-shipping-server; addresses 192.0.2.30
# Generated from the plan's computed flows; review before applying.
#
# Run on this host after the firewall change: .\LSS01.check.ps1
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

# tcp 2500-2600 from LSS01 (lss) to GW-REPO01 (repo)
# - Log shipping server writes log backups to the repository [rule log-shipping-repository-data]
Test-PortolanFlow -Label 'tcp 2500-2600 to GW-REPO01 (repo) at 198.51.100.10 [log-shipping-repository-data]' -Target '198.51.100.10' -Port 2500

Write-Output ('{0} passed, {1} failed, {2} skipped' -f $script:passed, $script:failed, $script:skipped)
if ($script:failed -gt 0) { exit 1 }
exit 0
