// The export format table: every built-in exporter, in the order the dialog and `--list` show them.
import { checkBash } from './check-bash';
import { capirca } from './capirca';
import { checkPowerShell } from './check-powershell';
import { ciscoAsa } from './cisco-asa';
import { csv } from './csv';
import type { Exporter, ExportFormatId } from './exporter';
import { firewalld } from './firewalld';
import { fortigate } from './fortigate';
import { iptables } from './iptables';
import { junosSrx } from './junos-srx';
import { markdown } from './markdown';
import { nftables } from './nftables';
import { panos } from './panos';
import { powershell } from './powershell';
import { proxmox } from './proxmox';
import { ufw } from './ufw';

export type * from './exporter';

/** Adding a format = one module + one row here + one golden folder. */
export const EXPORTERS: readonly Exporter[] = [
  nftables,
  iptables,
  firewalld,
  ufw,
  powershell,
  proxmox,
  checkBash,
  checkPowerShell,
  csv,
  markdown,
  ciscoAsa,
  fortigate,
  panos,
  junosSrx,
  capirca,
];

/** The exporter of a format id, or undefined for an unknown id (CLI and dialog report it). */
export function getExporter(id: string): Exporter | undefined {
  return EXPORTERS.find((e) => e.id === id);
}

/** Every format id, in table order. */
export const EXPORT_FORMAT_IDS: readonly ExportFormatId[] = EXPORTERS.map((e) => e.id);
