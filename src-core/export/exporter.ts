// The exporter interface every export format implements (one module per format, see index.ts).
import type { Catalog } from '../catalog/types';
import type { FlowResult } from '../flows/types';
import type { Plan } from '../plan/types';

/** Ids of the built-in export formats (CLI `--format`). */
export type ExportFormatId =
  | 'nftables'
  | 'iptables'
  | 'firewalld'
  | 'ufw'
  | 'powershell'
  | 'proxmox'
  | 'check-bash'
  | 'check-powershell'
  | 'csv'
  | 'markdown'
  | 'cisco-asa'
  | 'fortigate'
  | 'panos'
  | 'junos-srx'
  | 'capirca';

/** Which hosts an export covers. */
export type ExportScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'zone'; readonly zone: string }
  | { readonly kind: 'nodes'; readonly nodes: readonly string[] }
  /**
   * One enforcement point by policy id (`net:mgmt>pve`, `host:w1`). Network-firewall formats
   * render that firewall's rule set; host formats cover the hosts of its zones (or its host).
   */
  | { readonly kind: 'point'; readonly point: string };

export interface ExportOptions {
  readonly scope?: ExportScope;
  /** Also emit egress rules on sources (nftables). */
  readonly egress?: boolean;
  /** ISO timestamp to print in headers; none unless the user asks. */
  readonly timestamp?: string;
  /**
   * Most hosts of one group node a check script probes (default {@link DEFAULT_PROBE_LIMIT});
   * a larger group is probed at an even sample that keeps its first and last host, and says so.
   */
  readonly probeLimit?: number;
}

/** Hosts of a group probed by default before checks fall back to a sample. */
export const DEFAULT_PROBE_LIMIT = 64;

export interface ExportInput {
  readonly plan: Plan;
  readonly catalog: Catalog;
  readonly result: FlowResult;
  readonly options: ExportOptions;
}

export interface ExportFile {
  /** Relative file name, e.g. "w1.nft". */
  readonly name: string;
  readonly content: string;
  /** Language for preview highlighting, e.g. "bash", "powershell", "plaintext". */
  readonly language: string;
  /** Node the file is for, when it is per host. */
  readonly node?: string;
}

export interface ExportWarning {
  readonly message: string;
  readonly nodes: readonly string[];
}

export interface ExportResult {
  readonly files: readonly ExportFile[];
  readonly warnings: readonly ExportWarning[];
}

/** An exported file's name and the node it is for, as `Exporter.files` lists them. */
export interface ExportFileName {
  readonly name: string;
  readonly node?: string;
}

export interface Exporter {
  readonly id: ExportFormatId;
  readonly label: string;
  /** One line for the export dialog and `portolan export --list`. */
  readonly description: string;
  /**
   * `network` for the firewalls between zones (rendered from the policy's rule sets; the dialog
   * offers enforcement points as their scope); absent for host firewalls, checks and flow lists.
   */
  readonly target?: 'network';
  /** Deterministic: same input, same bytes. */
  render(input: ExportInput): ExportResult;
  /**
   * The files `render` would write (name and node, in the same order), without their content:
   * what the change request cites. A test holds it equal to `render` for every format.
   */
  files(input: ExportInput): readonly ExportFileName[];
  /**
   * Incremental commands that turn a device configured from `baseline`'s export into
   * `current`'s (`no access-list …`, `delete …`), for targets that have them. Absent: the
   * format is full and idempotent only (host files), or a source format (Capirca).
   */
  renderDelta?(baseline: ExportInput, current: ExportInput): ExportResult;
}
