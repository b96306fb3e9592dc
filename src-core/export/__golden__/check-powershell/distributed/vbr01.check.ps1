# Portolan export: Connectivity checks (PowerShell) for VBR01 (vbr)
# Plan: Distributed site
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

# tcp 22 from VBR01 (vbr) to FLR-HELPER (flr)
# - Backup server connects to the file-level restore helper appliance [rule backup-server-flr-helper-ssh]
Test-PortolanFlow -Label 'tcp 22 to FLR-HELPER (flr) at 198.51.100.150 [backup-server-flr-helper-ssh]' -Target '198.51.100.150' -Port 22
# tcp 445,6190,6290 from VBR01 (vbr) to GIP01 (gip)
# - Backup server talks to the guest interaction proxy [rule runtime-backup-server-proxy-6190]
# - Control channel from the backup server to the guest interaction proxy [rule runtime-backup-server-proxy-6290]
# - Data channel (SMB) from the backup server to the guest interaction proxy [rule runtime-backup-server-proxy-smb]
Test-PortolanFlow -Label 'tcp 445 to GIP01 (gip) at 192.0.2.20 [runtime-backup-server-proxy-smb]' -Target '192.0.2.20' -Port 445
Test-PortolanFlow -Label 'tcp 6190 to GIP01 (gip) at 192.0.2.20 [runtime-backup-server-proxy-6190]' -Target '192.0.2.20' -Port 6190
Test-PortolanFlow -Label 'tcp 6290 to GIP01 (gip) at 192.0.2.20 [runtime-backup-server-proxy-6290]' -Target '192.0.2.20' -Port 6290
# tcp 22,2500-3300 from VBR01 (vbr) to WEB01 (lin1)
# - SSH control channel into the Linux guest [rule runtime-backup-server-linux-ssh]
# - Log shipping data channels into the Linux guest [rule runtime-backup-server-linux-data]
Test-PortolanFlow -Label 'tcp 22 to WEB01 (lin1) at 203.0.113.10 [runtime-backup-server-linux-ssh]' -Target '203.0.113.10' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to WEB01 (lin1) at 203.0.113.10 [runtime-backup-server-linux-data]' -Target '203.0.113.10' -Port 2500
# tcp 445,6160,6162 from VBR01 (vbr) to LSS01 (lss)
# - Backup server deploys components onto the log shipping server (SMB) [rule log-shipping-backup-server-smb]
# - Veeam Installer Service on the log shipping server [rule log-shipping-backup-server-installer]
# - Veeam Data Mover Service on the log shipping server [rule log-shipping-backup-server-data-mover-service]
Test-PortolanFlow -Label 'tcp 445 to LSS01 (lss) at 192.0.2.30 [log-shipping-backup-server-smb]' -Target '192.0.2.30' -Port 445
Test-PortolanFlow -Label 'tcp 6160 to LSS01 (lss) at 192.0.2.30 [log-shipping-backup-server-installer]' -Target '192.0.2.30' -Port 6160
Test-PortolanFlow -Label 'tcp 6162 to LSS01 (lss) at 192.0.2.30 [log-shipping-backup-server-data-mover-service]' -Target '192.0.2.30' -Port 6162
# tcp 22,2500-3300 from VBR01 (vbr) to ORA-LIN01 (oralin)
# - SSH control channel into the Linux guest [rule runtime-backup-server-linux-ssh]
# - Log shipping data channels into the Linux guest [rule runtime-backup-server-linux-data]
# - SSH control channel into the Oracle (Linux) guest [rule oracle-backup-server-linux-ssh]
# - Data channels from the backup server into the Oracle (Linux) guest [rule oracle-backup-server-linux-data]
Test-PortolanFlow -Label 'tcp 22 to ORA-LIN01 (oralin) at 203.0.113.50 [runtime-backup-server-linux-ssh,oracle-backup-server-linux-ssh]' -Target '203.0.113.50' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to ORA-LIN01 (oralin) at 203.0.113.50 [runtime-backup-server-linux-data,oracle-backup-server-linux-data]' -Target '203.0.113.50' -Port 2500
# tcp 22,2500-3300 from VBR01 (vbr) to PG01 (pg1)
# - SSH control channel into the Linux guest [rule runtime-backup-server-linux-ssh]
# - Log shipping data channels into the Linux guest [rule runtime-backup-server-linux-data]
# - SSH control channel into the PostgreSQL guest [rule postgresql-backup-server-ssh]
# - Data channels from the backup server into the PostgreSQL guest [rule postgresql-backup-server-data]
Test-PortolanFlow -Label 'tcp 22 to PG01 (pg1) at 203.0.113.60 [runtime-backup-server-linux-ssh,postgresql-backup-server-ssh]' -Target '203.0.113.60' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to PG01 (pg1) at 203.0.113.60 [runtime-backup-server-linux-data,postgresql-backup-server-data]' -Target '203.0.113.60' -Port 2500
# tcp 22,8006 from VBR01 (vbr) to PVE01 (pve1)
# - Backup server calls the Proxmox VE REST API [rule backup-server-pve-api]
# - Backup server manages the Proxmox VE server over SSH [rule backup-server-pve-ssh]
Test-PortolanFlow -Label 'tcp 22 to PVE01 (pve1) at 198.51.100.130 [backup-server-pve-ssh]' -Target '198.51.100.130' -Port 22
Test-PortolanFlow -Label 'tcp 8006 to PVE01 (pve1) at 198.51.100.130 [backup-server-pve-api]' -Target '198.51.100.130' -Port 8006
# tcp 2222,8006 from VBR01 (vbr) to PVE02 (pve2)
# - Backup server calls the Proxmox VE REST API [rule backup-server-pve-api]
# - Backup server manages the Proxmox VE server over SSH [rule backup-server-pve-ssh]
Test-PortolanFlow -Label 'tcp 2222 to PVE02 (pve2) at 198.51.100.131 [backup-server-pve-ssh]' -Target '198.51.100.131' -Port 2222
Test-PortolanFlow -Label 'tcp 8006 to PVE02 (pve2) at 198.51.100.131 [backup-server-pve-api]' -Target '198.51.100.131' -Port 8006
# tcp 443,19000 from VBR01 (vbr) to WORKER01 (w1)
# - Backup server controls the worker [rule backup-server-worker]
# - Platform Service reaches the Veeam Updater service on the worker [rule backup-server-worker-updater]
Test-PortolanFlow -Label 'tcp 443 to WORKER01 (w1) at 198.51.100.140 [backup-server-worker-updater]' -Target '198.51.100.140' -Port 443
Test-PortolanFlow -Label 'tcp 19000 to WORKER01 (w1) at 198.51.100.140 [backup-server-worker]' -Target '198.51.100.140' -Port 19000
# tcp 443,19000 from VBR01 (vbr) to WORKER02 (w2)
# - Backup server controls the worker [rule backup-server-worker]
# - Platform Service reaches the Veeam Updater service on the worker [rule backup-server-worker-updater]
Test-PortolanFlow -Label 'tcp 443 to WORKER02 (w2) at 198.51.100.141 [backup-server-worker-updater]' -Target '198.51.100.141' -Port 443
Test-PortolanFlow -Label 'tcp 19000 to WORKER02 (w2) at 198.51.100.141 [backup-server-worker]' -Target '198.51.100.141' -Port 19000
# tcp 443,19000 from VBR01 (vbr) to WORKER03 (w3)
# - Backup server controls the worker [rule backup-server-worker]
# - Platform Service reaches the Veeam Updater service on the worker [rule backup-server-worker-updater]
Test-PortolanFlow -Label 'tcp 443 to WORKER03 (w3) at 198.51.100.142 [backup-server-worker-updater]' -Target '198.51.100.142' -Port 443
Test-PortolanFlow -Label 'tcp 19000 to WORKER03 (w3) at 198.51.100.142 [backup-server-worker]' -Target '198.51.100.142' -Port 19000
# tcp 22,2500-3300,9100 from VBR01 (vbr) to Web tier (40 VMs) (web)
# - SSH control channel into the Linux guest [rule runtime-backup-server-linux-ssh]
# - Log shipping data channels into the Linux guest [rule runtime-backup-server-linux-data]
# - Node exporter scrape by the monitoring agent on the backup server [rule custom:web-mon]
# group Web tier (40 VMs) (web): probing all 41 hosts.
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.100 [runtime-backup-server-linux-ssh]' -Target '203.0.113.100' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.100 [runtime-backup-server-linux-data]' -Target '203.0.113.100' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.100 [custom:web-mon]' -Target '203.0.113.100' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.101 [runtime-backup-server-linux-ssh]' -Target '203.0.113.101' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.101 [runtime-backup-server-linux-data]' -Target '203.0.113.101' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.101 [custom:web-mon]' -Target '203.0.113.101' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.102 [runtime-backup-server-linux-ssh]' -Target '203.0.113.102' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.102 [runtime-backup-server-linux-data]' -Target '203.0.113.102' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.102 [custom:web-mon]' -Target '203.0.113.102' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.103 [runtime-backup-server-linux-ssh]' -Target '203.0.113.103' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.103 [runtime-backup-server-linux-data]' -Target '203.0.113.103' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.103 [custom:web-mon]' -Target '203.0.113.103' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.104 [runtime-backup-server-linux-ssh]' -Target '203.0.113.104' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.104 [runtime-backup-server-linux-data]' -Target '203.0.113.104' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.104 [custom:web-mon]' -Target '203.0.113.104' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.105 [runtime-backup-server-linux-ssh]' -Target '203.0.113.105' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.105 [runtime-backup-server-linux-data]' -Target '203.0.113.105' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.105 [custom:web-mon]' -Target '203.0.113.105' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.106 [runtime-backup-server-linux-ssh]' -Target '203.0.113.106' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.106 [runtime-backup-server-linux-data]' -Target '203.0.113.106' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.106 [custom:web-mon]' -Target '203.0.113.106' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.107 [runtime-backup-server-linux-ssh]' -Target '203.0.113.107' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.107 [runtime-backup-server-linux-data]' -Target '203.0.113.107' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.107 [custom:web-mon]' -Target '203.0.113.107' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.108 [runtime-backup-server-linux-ssh]' -Target '203.0.113.108' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.108 [runtime-backup-server-linux-data]' -Target '203.0.113.108' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.108 [custom:web-mon]' -Target '203.0.113.108' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.109 [runtime-backup-server-linux-ssh]' -Target '203.0.113.109' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.109 [runtime-backup-server-linux-data]' -Target '203.0.113.109' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.109 [custom:web-mon]' -Target '203.0.113.109' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.110 [runtime-backup-server-linux-ssh]' -Target '203.0.113.110' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.110 [runtime-backup-server-linux-data]' -Target '203.0.113.110' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.110 [custom:web-mon]' -Target '203.0.113.110' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.111 [runtime-backup-server-linux-ssh]' -Target '203.0.113.111' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.111 [runtime-backup-server-linux-data]' -Target '203.0.113.111' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.111 [custom:web-mon]' -Target '203.0.113.111' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.112 [runtime-backup-server-linux-ssh]' -Target '203.0.113.112' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.112 [runtime-backup-server-linux-data]' -Target '203.0.113.112' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.112 [custom:web-mon]' -Target '203.0.113.112' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.113 [runtime-backup-server-linux-ssh]' -Target '203.0.113.113' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.113 [runtime-backup-server-linux-data]' -Target '203.0.113.113' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.113 [custom:web-mon]' -Target '203.0.113.113' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.114 [runtime-backup-server-linux-ssh]' -Target '203.0.113.114' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.114 [runtime-backup-server-linux-data]' -Target '203.0.113.114' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.114 [custom:web-mon]' -Target '203.0.113.114' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.115 [runtime-backup-server-linux-ssh]' -Target '203.0.113.115' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.115 [runtime-backup-server-linux-data]' -Target '203.0.113.115' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.115 [custom:web-mon]' -Target '203.0.113.115' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.116 [runtime-backup-server-linux-ssh]' -Target '203.0.113.116' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.116 [runtime-backup-server-linux-data]' -Target '203.0.113.116' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.116 [custom:web-mon]' -Target '203.0.113.116' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.117 [runtime-backup-server-linux-ssh]' -Target '203.0.113.117' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.117 [runtime-backup-server-linux-data]' -Target '203.0.113.117' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.117 [custom:web-mon]' -Target '203.0.113.117' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.118 [runtime-backup-server-linux-ssh]' -Target '203.0.113.118' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.118 [runtime-backup-server-linux-data]' -Target '203.0.113.118' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.118 [custom:web-mon]' -Target '203.0.113.118' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.119 [runtime-backup-server-linux-ssh]' -Target '203.0.113.119' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.119 [runtime-backup-server-linux-data]' -Target '203.0.113.119' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.119 [custom:web-mon]' -Target '203.0.113.119' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.120 [runtime-backup-server-linux-ssh]' -Target '203.0.113.120' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.120 [runtime-backup-server-linux-data]' -Target '203.0.113.120' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.120 [custom:web-mon]' -Target '203.0.113.120' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.121 [runtime-backup-server-linux-ssh]' -Target '203.0.113.121' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.121 [runtime-backup-server-linux-data]' -Target '203.0.113.121' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.121 [custom:web-mon]' -Target '203.0.113.121' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.122 [runtime-backup-server-linux-ssh]' -Target '203.0.113.122' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.122 [runtime-backup-server-linux-data]' -Target '203.0.113.122' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.122 [custom:web-mon]' -Target '203.0.113.122' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.123 [runtime-backup-server-linux-ssh]' -Target '203.0.113.123' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.123 [runtime-backup-server-linux-data]' -Target '203.0.113.123' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.123 [custom:web-mon]' -Target '203.0.113.123' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.124 [runtime-backup-server-linux-ssh]' -Target '203.0.113.124' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.124 [runtime-backup-server-linux-data]' -Target '203.0.113.124' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.124 [custom:web-mon]' -Target '203.0.113.124' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.125 [runtime-backup-server-linux-ssh]' -Target '203.0.113.125' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.125 [runtime-backup-server-linux-data]' -Target '203.0.113.125' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.125 [custom:web-mon]' -Target '203.0.113.125' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.126 [runtime-backup-server-linux-ssh]' -Target '203.0.113.126' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.126 [runtime-backup-server-linux-data]' -Target '203.0.113.126' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.126 [custom:web-mon]' -Target '203.0.113.126' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.127 [runtime-backup-server-linux-ssh]' -Target '203.0.113.127' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.127 [runtime-backup-server-linux-data]' -Target '203.0.113.127' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.127 [custom:web-mon]' -Target '203.0.113.127' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.128 [runtime-backup-server-linux-ssh]' -Target '203.0.113.128' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.128 [runtime-backup-server-linux-data]' -Target '203.0.113.128' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.128 [custom:web-mon]' -Target '203.0.113.128' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.129 [runtime-backup-server-linux-ssh]' -Target '203.0.113.129' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.129 [runtime-backup-server-linux-data]' -Target '203.0.113.129' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.129 [custom:web-mon]' -Target '203.0.113.129' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.130 [runtime-backup-server-linux-ssh]' -Target '203.0.113.130' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.130 [runtime-backup-server-linux-data]' -Target '203.0.113.130' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.130 [custom:web-mon]' -Target '203.0.113.130' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.131 [runtime-backup-server-linux-ssh]' -Target '203.0.113.131' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.131 [runtime-backup-server-linux-data]' -Target '203.0.113.131' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.131 [custom:web-mon]' -Target '203.0.113.131' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.132 [runtime-backup-server-linux-ssh]' -Target '203.0.113.132' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.132 [runtime-backup-server-linux-data]' -Target '203.0.113.132' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.132 [custom:web-mon]' -Target '203.0.113.132' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.133 [runtime-backup-server-linux-ssh]' -Target '203.0.113.133' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.133 [runtime-backup-server-linux-data]' -Target '203.0.113.133' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.133 [custom:web-mon]' -Target '203.0.113.133' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.134 [runtime-backup-server-linux-ssh]' -Target '203.0.113.134' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.134 [runtime-backup-server-linux-data]' -Target '203.0.113.134' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.134 [custom:web-mon]' -Target '203.0.113.134' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.135 [runtime-backup-server-linux-ssh]' -Target '203.0.113.135' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.135 [runtime-backup-server-linux-data]' -Target '203.0.113.135' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.135 [custom:web-mon]' -Target '203.0.113.135' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.136 [runtime-backup-server-linux-ssh]' -Target '203.0.113.136' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.136 [runtime-backup-server-linux-data]' -Target '203.0.113.136' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.136 [custom:web-mon]' -Target '203.0.113.136' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.137 [runtime-backup-server-linux-ssh]' -Target '203.0.113.137' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.137 [runtime-backup-server-linux-data]' -Target '203.0.113.137' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.137 [custom:web-mon]' -Target '203.0.113.137' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.138 [runtime-backup-server-linux-ssh]' -Target '203.0.113.138' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.138 [runtime-backup-server-linux-data]' -Target '203.0.113.138' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.138 [custom:web-mon]' -Target '203.0.113.138' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.139 [runtime-backup-server-linux-ssh]' -Target '203.0.113.139' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.139 [runtime-backup-server-linux-data]' -Target '203.0.113.139' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.139 [custom:web-mon]' -Target '203.0.113.139' -Port 9100
Test-PortolanFlow -Label 'tcp 22 to Web tier (40 VMs) (web) at 203.0.113.200 [runtime-backup-server-linux-ssh]' -Target '203.0.113.200' -Port 22
Test-PortolanFlow -Label 'tcp 2500-3300 to Web tier (40 VMs) (web) at 203.0.113.200 [runtime-backup-server-linux-data]' -Target '203.0.113.200' -Port 2500
Test-PortolanFlow -Label 'tcp 9100 to Web tier (40 VMs) (web) at 203.0.113.200 [custom:web-mon]' -Target '203.0.113.200' -Port 9100

Write-Output ('{0} passed, {1} failed, {2} skipped' -f $script:passed, $script:failed, $script:skipped)
if ($script:failed -gt 0) { exit 1 }
exit 0
