// Plan document model: the `*.portolan.json` format of DESIGN.md, version 1.

/** Node options known to the engine; extra keys are preserved. */
export interface NodeOptions {
  /** Windows firewall settings; "custom" enables the dynamic RPC range into this node. */
  readonly windowsFirewall?: 'default' | 'custom';
  /** Port overrides per configurable service id, e.g. { "data-mover": "2500-2600", "ssh": "2222" }. */
  readonly portOverrides?: Readonly<Record<string, string>>;
  /**
   * Operating system of a node whose type may run either (repositories, gateways, proxies): picks
   * Windows or Linux host-firewall exports and, in later editions, the OS-specific deployment ports.
   */
  readonly os?: 'windows' | 'linux';
  /** Proxmox VE VM id of a guest (for `<vmid>.fw`). */
  readonly vmid?: number;
  /**
   * Inbound policy of the host firewall files: "restrict" (the file is the host's whole inbound
   * policy; other inbound traffic is dropped) or "allow-only" (only allow rules are added; the
   * default policy and other rules stay). Unset: "restrict" for dedicated backup infrastructure
   * (workers, repositories/gateways, guest interaction proxies, log shipping servers, FLR helper),
   * "allow-only" for protected guests, Proxmox VE servers and the backup server.
   */
  readonly firewallPolicy?: 'restrict' | 'allow-only';
  readonly [key: string]: unknown;
}

export interface Position {
  readonly x: number;
  readonly y: number;
}

/** One host on the canvas. */
export interface PlanNode {
  /** Stable id, unique in the plan; letters, digits, `-`, `_` (used in exported file names). */
  readonly id: string;
  /** Component type id from the plan's catalog. */
  readonly type: string;
  readonly name: string;
  readonly hostname?: string;
  /** IPv4/IPv6 addresses, CIDR allowed. */
  readonly addresses: readonly string[];
  /** Zone id, or absent when the node is in no zone. */
  readonly zone?: string | null;
  /**
   * True when the zone was chosen by hand (inspector, menu, dropped into a frame against its
   * address): the zone then no longer follows the node's address. Absent or false: a node whose
   * address lies in exactly one zone's networks is put in that zone.
   */
  readonly zonePinned?: boolean;
  /** Roles beyond those the type implies. */
  readonly extraRoles: readonly string[];
  readonly options: NodeOptions;
  readonly position: Position;
  /** Free text for the administrator. */
  readonly notes?: string;
  readonly [key: string]: unknown;
}

/** An edge between two nodes; drawing direction does not matter. */
export interface PlanConnection {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /**
   * Bend points of the line in canvas coordinates, written by auto-layout (orthogonal routing) and
   * dropped when an end node moves. Absent: the line is drawn as an elbow between the two nodes.
   */
  readonly bends?: readonly Position[];
  readonly [key: string]: unknown;
}

/** A network segment. */
export interface PlanZone {
  readonly id: string;
  readonly name: string;
  readonly cidrs: readonly string[];
  /** CSS colour for the canvas, e.g. "#3b82f6". */
  readonly color?: string;
  readonly [key: string]: unknown;
}

/** Change-request details stored with the plan (issue: change-request document). */
export interface ChangeRequest {
  readonly number?: string;
  readonly title?: string;
  readonly requester?: string;
  readonly implementer?: string;
  readonly approvers?: readonly string[];
  readonly windowStart?: string;
  readonly windowEnd?: string;
  readonly category?: 'standard' | 'normal' | 'emergency';
  readonly priority?: 'low' | 'medium' | 'high' | 'critical';
  readonly risk?: 'low' | 'medium' | 'high';
  readonly justification?: string;
  readonly impactIfNotDone?: string;
  readonly permanence?: 'permanent' | 'temporary';
  readonly expires?: string;
  readonly rollbackPlan?: string;
  readonly verificationPlan?: string;
  readonly [key: string]: unknown;
}

/** The plan document, current version. */
export interface Plan {
  readonly format: 'portolan-plan';
  readonly version: 1;
  readonly name: string;
  /** Catalog edition id, e.g. "vbr12-pve". */
  readonly catalog: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly zones: readonly PlanZone[];
  readonly nodes: readonly PlanNode[];
  readonly connections: readonly PlanConnection[];
  readonly changeRequest?: ChangeRequest;
  readonly [key: string]: unknown;
}

/** Current plan format version written by this build. */
export const PLAN_FORMAT_VERSION = 1;
