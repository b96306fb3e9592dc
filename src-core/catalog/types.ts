// Catalog model: component types, roles, configurable services and port rules of one edition.

/** Transport protocol of a rule or flow. */
export type Protocol = 'tcp' | 'udp';

/** An inclusive port range; a single port has start === end. */
export interface PortRange {
  readonly start: number;
  readonly end: number;
}

/** Where a rule was published: document, table and 1-based row inside that table. */
export interface SourceRef {
  /** Id of an entry in `Catalog.sources`. */
  readonly document: string;
  /** Table heading as published, e.g. "Workers". */
  readonly table: string;
  /** 1-based data row within the table (header rows not counted). */
  readonly row: number;
}

/**
 * A condition under which a rule applies. Data-driven so that later editions add conditions
 * without code changes (within these kinds).
 */
export type RuleCondition =
  | {
      /** Holds when an option of the source or destination node equals a value. */
      readonly kind: 'node-option';
      readonly node: 'from' | 'to';
      readonly option: string;
      readonly equals: string | number | boolean;
      /** Human text, e.g. "Windows firewall not at default settings". */
      readonly description: string;
    }
  | {
      /** Holds when a plan option equals a value. */
      readonly kind: 'plan-option';
      readonly option: string;
      readonly equals: string | number | boolean;
      readonly description: string;
    }
  | {
      /** Holds when the source (or destination) node has no connection to a node with the role. */
      readonly kind: 'no-peer-with-role';
      readonly node: 'from' | 'to';
      readonly role: string;
      readonly description: string;
    };

/** One published table row = one rule. */
export interface CatalogRule {
  /** Stable id, unique within the edition, e.g. "worker-pve-api". */
  readonly id: string;
  /** Roles a flow may start from (any of). */
  readonly from: readonly string[];
  /** Roles a flow may go to (any of). */
  readonly to: readonly string[];
  readonly protocol: Protocol;
  /** Default port or range as published. */
  readonly ports: PortRange;
  /** Label of the published protocol column, e.g. "TCP/HTTPS", "SSH". */
  readonly publishedProtocol: string;
  /** Short purpose in Portolan's own words. */
  readonly purpose: string;
  /** Configurable service this port belongs to (a node may override it), e.g. "data-mover". */
  readonly service?: string;
  /** Conditions that must all hold for the rule to apply. */
  readonly conditions?: readonly RuleCondition[];
  /**
   * True when the published row describes traffic inside one host (e.g. the Platform Service
   * reaching the database on the same backup server, 6172): the rule yields only local flows,
   * never a flow across a connection between two nodes that both have the roles.
   */
  readonly local?: boolean;
  /**
   * True when the published row describes traffic between two different hosts that both play
   * the roles (source repository → target repository, extent ↔ extent): the rule yields flows
   * only across a connection, never a local flow on every node that has the role.
   */
  readonly network?: boolean;
  readonly source: SourceRef;
}

/** A role a node can play; component types imply roles. */
export interface CatalogRole {
  readonly id: string;
  readonly label: string;
  /** True for roles that exist only to group types (e.g. "vm-guest"); not offered as extra role. */
  readonly abstract?: boolean;
}

/** Operating system family a type usually runs. */
export type OsFamily = 'windows' | 'linux' | 'appliance' | 'internet' | 'any';

/** A kind of node on the canvas. */
export interface ComponentType {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly defaultOs: OsFamily;
  /** Roles this type implies, including its own id. */
  readonly roles: readonly string[];
  /** Extra roles a node of this type may additionally take. */
  readonly allowedExtraRoles?: readonly string[];
  /**
   * Node option ids meaningful for this type: options the catalog declares in `options`, or the
   * plan's built-in node fields (`BUILT_IN_NODE_OPTIONS`: "portOverrides", "vmid").
   */
  readonly options?: readonly string[];
}

/** A service whose port(s) a node may change (data-mover range, SSH). */
export interface ConfigurableService {
  readonly id: string;
  readonly label: string;
  readonly description: string;
}

/** A published document a catalog cites. */
export interface CatalogSource {
  readonly id: string;
  readonly title: string;
  /** Product version the document describes. */
  readonly version: string;
  readonly url?: string;
  /** Exact product build the page was read from (pages of one version differ between builds). */
  readonly build?: string;
}

/** A value a plan or node option can take. */
export type OptionValue = string | boolean | number;

/** One value an option offers, with its human label. */
export interface OptionChoice {
  /** The value stored in the plan (`plan.options[id]` or `node.options[id]`). */
  readonly value: OptionValue;
  /** How the UI and documents name the value, e.g. "Custom settings". */
  readonly label: string;
}

/** One entry of `OptionDefinition.defaultByRole`: nodes playing `role` default to `value`. */
export interface OptionRoleDefault {
  /** A catalog role id (type roles and extra roles both count). */
  readonly role: string;
  /** The default for such nodes (one of the option's `values`). */
  readonly value: OptionValue;
}

/**
 * A plan or node option that rule conditions (or exporters) test. Every option a condition names
 * is declared here, so the engine knows the value an unset option takes and the UI can offer it.
 */
export interface OptionDefinition {
  /** Key in `plan.options` (scope "plan") or `node.options` (scope "node"), e.g. "guestProcessing". */
  readonly id: string;
  /** Where the option lives: the whole plan or one node. */
  readonly scope: 'plan' | 'node';
  /** Short label for forms, e.g. "Windows firewall". */
  readonly label: string;
  /** One or two sentences: what the option changes, in terms of flows. */
  readonly description: string;
  /** Every value the option accepts, in the order the UI lists them. */
  readonly values: readonly OptionChoice[];
  /**
   * Value an unset option takes (one of `values`). Omitted only with `defaultFromTypeOs`, when
   * the node's type decides and a type without a fitting OS leaves the option unset.
   */
  readonly default?: OptionValue;
  /**
   * Node options only: an unset option takes the node type's `defaultOs` when that is one of
   * `values` (e.g. "windows" for a guest interaction proxy), else `default` if declared, else it
   * stays unset (a repository may run either OS, so the user must say which).
   */
  readonly defaultFromTypeOs?: boolean;
  /**
   * Node options only: defaults that depend on the node's roles (type roles plus extra roles).
   * Ordered: the first entry whose role the node plays decides; a node playing none of them
   * takes `default`. Lets one declaration state, e.g., that dedicated backup infrastructure
   * defaults to a restrictive host firewall while an all-in-one backup server (listed first)
   * does not. Not combined with `defaultFromTypeOs`.
   */
  readonly defaultByRole?: readonly OptionRoleDefault[];
  /** Node options only: roles the option applies to (any of); omitted = every node. */
  readonly appliesTo?: readonly string[];
}

/** A whole catalog edition as stored in resources/catalogs/<edition>.json. */
export interface Catalog {
  readonly format: 'portolan-catalog';
  readonly version: 1;
  /** Edition id that plans name, e.g. "vbr12-pve". */
  readonly edition: string;
  readonly title: string;
  readonly sources: readonly CatalogSource[];
  readonly roles: readonly CatalogRole[];
  readonly componentTypes: readonly ComponentType[];
  readonly services: readonly ConfigurableService[];
  readonly rules: readonly CatalogRule[];
  /** Plan and node options the rule conditions test (declared since options became data). */
  readonly options?: readonly OptionDefinition[];
}
