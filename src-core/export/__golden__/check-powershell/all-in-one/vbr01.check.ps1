# Portolan export: Connectivity checks (PowerShell) for VBR01 (vbr)
# Plan: All-in-one site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: backup-server; addresses 192.0.2.10; host name vbr01.example.net
# Generated from the plan's computed flows; review before applying.
#
# Run on this host after the firewall change: .\vbr01.check.ps1
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

# tcp 22,2500-3300 from VBR01 (vbr) to App servers (apps)
# - SSH control channel into the Linux guest [rule runtime-backup-server-linux-ssh]
# - Log shipping data channels into the Linux guest [rule runtime-backup-server-linux-data]
# group App servers (apps): probing all 3 hosts.
Test-PortolanFlow -Label 'tcp 22 to App servers (apps) at 192.0.2.101 [runtime-backup-server-linux-ssh]' -Target '192.0.2.101' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to App servers (apps) at 192.0.2.101 [runtime-backup-server-linux-data]' -Target '192.0.2.101' -Port 2500
Test-PortolanFlow -Label 'tcp 22 to App servers (apps) at 192.0.2.102 [runtime-backup-server-linux-ssh]' -Target '192.0.2.102' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to App servers (apps) at 192.0.2.102 [runtime-backup-server-linux-data]' -Target '192.0.2.102' -Port 2500
Test-PortolanFlow -Label 'tcp 22 to App servers (apps) at 192.0.2.103 [runtime-backup-server-linux-ssh]' -Target '192.0.2.103' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to App servers (apps) at 192.0.2.103 [runtime-backup-server-linux-data]' -Target '192.0.2.103' -Port 2500
# tcp 22,8006 from VBR01 (vbr) to PVE01 (pve1)
# - Backup server calls the Proxmox VE REST API [rule backup-server-pve-api]
# - Backup server manages the Proxmox VE server over SSH [rule backup-server-pve-ssh]
Test-PortolanFlow -Label 'tcp 22 to PVE01 (pve1) at 192.0.2.20 [backup-server-pve-ssh]' -Target '192.0.2.20' -Port 22
Test-PortolanFlow -Label 'tcp 8006 to PVE01 (pve1) at 192.0.2.20 [backup-server-pve-api]' -Target '192.0.2.20' -Port 8006
# tcp 443,19000 from VBR01 (vbr) to WORKER01 (w1)
# - Backup server controls the worker [rule backup-server-worker]
# - Platform Service reaches the Veeam Updater service on the worker [rule backup-server-worker-updater]
Test-PortolanFlow -Label 'tcp 443 to WORKER01 (w1) at 192.0.2.30 [backup-server-worker-updater]' -Target '192.0.2.30' -Port 443
Test-PortolanFlow -Label 'tcp 19000 to WORKER01 (w1) at 192.0.2.30 [backup-server-worker]' -Target '192.0.2.30' -Port 19000

Write-Output ('{0} passed, {1} failed, {2} skipped' -f $script:passed, $script:failed, $script:skipped)
if ($script:failed -gt 0) { exit 1 }
exit 0
