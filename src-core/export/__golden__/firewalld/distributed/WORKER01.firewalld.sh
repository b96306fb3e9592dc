#!/usr/bin/env bash
# Portolan export: firewalld (Linux) for WORKER01 (w1)
# Plan: Distributed site
# Catalog edition: vbr12-pve (Veeam Backup & Replication 12.x with Proxmox VE)
# Options: scope=all; egress=off
# Host: worker; addresses 198.51.100.140
# Generated from the plan's computed flows; review before applying.
# Inbound policy: restrict (default for dedicated backup infrastructure: worker).
# Restrict: moves this host's interfaces into the zone "portolan" (target DROP), which the script
# creates and which holds only the rules below: inbound traffic no flow needs is dropped,
# including SSH and everything else the interfaces' former zone allowed, and ping.
# Interfaces: PORTOLAN_INTERFACES="eth0 eth1", else those holding the host's addresses
# (198.51.100.140). Rules and zone changes go to the runtime and the permanent
# configuration without a reload. A reload is needed once, when the zone is created (or its
# target is not DROP): it discards runtime-only rules (keep them first with
# "firewall-cmd --runtime-to-permanent"), so the script asks you to re-run it with --reload.
#
# Run as root: bash WORKER01.firewalld.sh [--reload]
# Re-running it after the plan changed removes the rules the plan no longer needs.
# Undo: for each interface the script prints its former zone and the command that moves it
# back (firewall-cmd --zone=<former> --change-interface=<if>, and again with --permanent),
# then: firewall-cmd --permanent --delete-zone=portolan; firewall-cmd --reload
# NetworkManager: for an interface it manages, also set the connection's zone
# (nmcli connection modify <connection> connection.zone portolan) so that it survives a reconnect.
set -euo pipefail

zone='portolan'
reload=no
if [ "${1:-}" = "--reload" ]; then reload=yes; fi

interfaces="${PORTOLAN_INTERFACES:-}"
if [ -z "$interfaces" ]; then
  for address in 198.51.100.140; do
    interfaces="$interfaces $(ip -o address show to "$address" | awk '{ print $2 }')"
  done
fi
interfaces=$(printf '%s\n' $interfaces | sort -u | tr '\n' ' ')
if [ -z "${interfaces// /}" ]; then
  echo "$0: no interface holds 198.51.100.140; set PORTOLAN_INTERFACES." >&2
  exit 2
fi

in_list() { printf '%s\n' $2 | grep -qx "$1"; }
need_reload=no
if ! in_list "$zone" "$(firewall-cmd --permanent --get-zones)"; then
  need_reload=yes
elif [ "$(firewall-cmd --permanent --zone="$zone" --get-target)" != DROP ]; then
  need_reload=yes
elif ! in_list "$zone" "$(firewall-cmd --get-zones)"; then
  need_reload=yes
fi
if [ "$need_reload" = yes ] && [ "$reload" != yes ]; then
  echo "$0: the zone $zone must be created or set to DROP, which firewalld applies only on a" >&2
  echo "reload; a reload discards runtime-only rules (firewall-cmd --runtime-to-permanent keeps" >&2
  echo "them). Nothing was changed. Re-run with --reload: bash $0 --reload" >&2
  exit 3
fi
if [ "$need_reload" = yes ]; then
  if ! in_list "$zone" "$(firewall-cmd --permanent --get-zones)"; then
    firewall-cmd --permanent --new-zone="$zone" >/dev/null
  fi
  firewall-cmd --permanent --zone="$zone" --set-target=DROP >/dev/null
  firewall-cmd --reload >/dev/null
fi

# The rich rules, one a line: validated addresses and numbers only.
rules() {
  # tcp 443,19000 from VBR01 (vbr) to WORKER01 (w1)
  # - Backup server controls the worker [rule backup-server-worker; table "Backup Server" row 1]
  # - Platform Service reaches the Veeam Updater service on the worker [rule backup-server-worker-updater; table "Backup Server" row 2]
  printf '%s\n' 'rule family="ipv4" source address="192.0.2.10" port port="443" protocol="tcp" accept'
  printf '%s\n' 'rule family="ipv4" source address="192.0.2.10" port port="19000" protocol="tcp" accept'
  true
}

# Runtime and permanent, without a reload: a reload would discard runtime-only rules that
# were added by hand. An existing rule is skipped (firewalld warns ALREADY_ENABLED).
apply_rules() {
  rules | sed 's/^/--add-rich-rule=/' | tr '\n' '\0' | xargs -0 -r firewall-cmd "$@" >/dev/null
}
apply_rules --permanent --zone="$zone"
apply_rules --zone="$zone"

# Rules of an earlier version of this plan that it no longer needs: removed (the zone is ours).
remove_stale_rules() {
  local stale
  stale=$(firewall-cmd "$@" --list-rich-rules | { grep -vxF -f <(rules) || true; })
  if [ -n "$stale" ]; then
    printf '%s\n' "$stale" | sed 's/^/--remove-rich-rule=/' | tr '\n' '\0' |
      xargs -0 -r firewall-cmd "$@" >/dev/null
    apply_rules "$@"
  fi
}
remove_stale_rules --permanent --zone="$zone"
remove_stale_rules --zone="$zone"

for interface in $interfaces; do
  former=$(firewall-cmd --get-zone-of-interface="$interface" 2>/dev/null || true)
  if [ "$former" = "$zone" ]; then continue; fi
  if [ -n "$former" ]; then
    undo="firewall-cmd --zone=$former --change-interface=$interface"
  else
    undo="firewall-cmd --zone=$zone --remove-interface=$interface"
  fi
  echo "interface $interface: zone ${former:-(none: default zone)} -> $zone; undo: $undo (and with --permanent)"
  firewall-cmd --permanent --zone="$zone" --change-interface="$interface" >/dev/null
  firewall-cmd --zone="$zone" --change-interface="$interface" >/dev/null
done
firewall-cmd --zone="$zone" --list-all
