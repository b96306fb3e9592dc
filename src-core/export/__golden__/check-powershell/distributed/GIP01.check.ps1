# Portolan export: Connectivity checks (PowerShell) for GIP01 (gip)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: guest-interaction-proxy; addresses 192.0.2.20
# Generated from the plan's computed flows; review before applying.
#
# Run on this host after the firewall change: .\GIP01.check.ps1
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

# tcp 445,2500-3300,5986,6167 from GIP01 (gip) to ORA-WIN01 (orawin)
# - Proxy deploys the runtime coordination process into the Windows guest [rule runtime-proxy-windows-smb]
# - Log shipping data channels into the Windows guest [rule runtime-proxy-windows-data]
# - Proxy deploys components, including the Log Shipper, into the Oracle (Windows) guest [rule oracle-proxy-windows-smb]
# - Data channels from the proxy into the Oracle (Windows) guest [rule oracle-proxy-windows-data]
# - Veeam Log Shipping Service prepares the database and collects logs [rule oracle-proxy-windows-log-shipping-service]
# - WinRM over HTTPS for pre-freeze scripts [rule custom:winrm]
Test-PortolanFlow -Label 'tcp 445 to ORA-WIN01 (orawin) at 203.0.113.40 [runtime-proxy-windows-smb,oracle-proxy-windows-smb]' -Target '203.0.113.40' -Port 445
Test-PortolanFlow -Label 'tcp 2500-3300 to ORA-WIN01 (orawin) at 203.0.113.40 [runtime-proxy-windows-data,oracle-proxy-windows-data]' -Target '203.0.113.40' -Port 2500
Test-PortolanFlow -Label 'tcp 5986 to ORA-WIN01 (orawin) at 203.0.113.40 [custom:winrm]' -Target '203.0.113.40' -Port 5986
Test-PortolanFlow -Label 'tcp 6167 to ORA-WIN01 (orawin) at 203.0.113.40 [oracle-proxy-windows-log-shipping-service]' -Target '203.0.113.40' -Port 6167
# tcp 445,2500-3300,5986,6167 from GIP01 (gip) to SQL01 (sql1)
# - Proxy deploys the runtime coordination process into the Windows guest [rule runtime-proxy-windows-smb]
# - Log shipping data channels into the Windows guest [rule runtime-proxy-windows-data]
# - Proxy deploys components, including the Log Shipper, into the SQL Server guest [rule mssql-proxy-smb]
# - Data channels from the proxy into the SQL Server guest [rule mssql-proxy-data]
# - Veeam Log Shipping Service prepares the database and collects logs [rule mssql-proxy-log-shipping-service]
# - WinRM over HTTPS for pre-freeze scripts [rule custom:winrm]
Test-PortolanFlow -Label 'tcp 445 to SQL01 (sql1) at 203.0.113.30 [runtime-proxy-windows-smb,mssql-proxy-smb]' -Target '203.0.113.30' -Port 445
Test-PortolanFlow -Label 'tcp 2500-3300 to SQL01 (sql1) at 203.0.113.30 [runtime-proxy-windows-data,mssql-proxy-data]' -Target '203.0.113.30' -Port 2500
Test-PortolanFlow -Label 'tcp 5986 to SQL01 (sql1) at 203.0.113.30 [custom:winrm]' -Target '203.0.113.30' -Port 5986
Test-PortolanFlow -Label 'tcp 6167 to SQL01 (sql1) at 203.0.113.30 [mssql-proxy-log-shipping-service]' -Target '203.0.113.30' -Port 6167
# tcp 445,2500-3300,5986,49152-65535 from GIP01 (gip) to FILE01 (win1)
# - Proxy deploys the runtime coordination process into the Windows guest [rule runtime-proxy-windows-smb]
# - Log shipping data channels into the Windows guest [rule runtime-proxy-windows-data]
# - Dynamic RPC to the runtime process in the Windows guest [rule runtime-proxy-windows-rpc]
# - WinRM over HTTPS for pre-freeze scripts [rule custom:winrm]
Test-PortolanFlow -Label 'tcp 445 to FILE01 (win1) at 203.0.113.20 [runtime-proxy-windows-smb]' -Target '203.0.113.20' -Port 445
Test-PortolanFlow -Label 'tcp 2500-3300 to FILE01 (win1) at 203.0.113.20 [runtime-proxy-windows-data]' -Target '203.0.113.20' -Port 2500
Test-PortolanFlow -Label 'tcp 5986 to FILE01 (win1) at 203.0.113.20 [custom:winrm]' -Target '203.0.113.20' -Port 5986
Test-PortolanFlow -Label 'tcp 49152-65535 to FILE01 (win1) at 203.0.113.20 [runtime-proxy-windows-rpc]' -Target '203.0.113.20' -Port 49152

Write-Output ('{0} passed, {1} failed, {2} skipped' -f $script:passed, $script:failed, $script:skipped)
if ($script:failed -gt 0) { exit 1 }
exit 0
