// Imported inventories: hosts read from a CSV or a Proxmox VE cluster, before they join a plan.

/** One host an import brings, as read (validated) from its source. */
export interface ImportedHost {
  /** Node name: the key an existing plan is matched by (same name → updated). */
  readonly name: string;
  /** Component type id of the plan's catalog. */
  readonly type: string;
  /** Addresses, networks or ranges (validated); may be empty. */
  readonly addresses: readonly string[];
  /** RFC 1123 host name, or undefined when none was given. */
  readonly hostname?: string;
  /** Zone name or id as written in the source; undefined for none. */
  readonly zone?: string;
  /** Proxmox VE VM id of a guest. */
  readonly vmid?: number;
  /** Where it was read, for messages: "line 3", "item 4 (qemu/101)". */
  readonly origin: string;
}

/** What an import read: the hosts, or every problem (each naming its line or item). */
export type ImportRead =
  | {
      readonly ok: true;
      readonly hosts: readonly ImportedHost[];
      /** Findings that do not stop the import (e.g. a guest without an address). */
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly errors: readonly string[] };

/** One node the import adds or changes, for the preview and the summary. */
export interface ImportChange {
  readonly kind: 'added' | 'updated' | 'unchanged';
  /** Node id in the resulting plan. */
  readonly id: string;
  readonly name: string;
  readonly type: string;
  /** Human lines, one per field that changed ("addresses: 192.0.2.5 → 192.0.2.6"). */
  readonly changes: readonly string[];
}
