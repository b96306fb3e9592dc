// Plan differences: what a newer version of a plan adds, removes and changes against a baseline.
import type { Flow } from '../flows/types';
import type { PlanConnection, PlanNode, PlanZone } from '../plan/types';

/** One field whose value differs; `field` is a path such as `addresses` or `options.vmid`. */
export interface FieldChange {
  /** Top-level field of the object, or `options.<key>` for one node option. */
  readonly field: string;
  /** Value in the old version; undefined when the field was absent. */
  readonly old: unknown;
  /** Value in the new version; undefined when the field was removed. */
  readonly new: unknown;
}

/** A node present in both versions whose fields differ. */
export interface NodeChange {
  readonly id: string;
  readonly old: PlanNode;
  readonly new: PlanNode;
  /** The differing fields, sorted by field path. */
  readonly fields: readonly FieldChange[];
  /** True when only the canvas position moved: nothing a firewall sees changed. */
  readonly layoutOnly: boolean;
}

/** A zone present in both versions whose fields differ. */
export interface ZoneChange {
  readonly id: string;
  readonly old: PlanZone;
  readonly new: PlanZone;
  /** The differing fields, sorted by field path. */
  readonly fields: readonly FieldChange[];
}

/** Added and removed items of one kind; both lists sorted by their key. */
export interface AddedRemoved<T> {
  readonly added: readonly T[];
  readonly removed: readonly T[];
}

/** Everything that differs between two plans, sorted and deterministic. */
export interface PlanDiff {
  readonly nodes: AddedRemoved<PlanNode> & { readonly changed: readonly NodeChange[] };
  /**
   * Connections keyed by their two end nodes, whatever the drawing direction or id: redrawing a
   * link between the same nodes is no change (its flows are the same).
   */
  readonly connections: AddedRemoved<PlanConnection>;
  readonly zones: AddedRemoved<PlanZone> & { readonly changed: readonly ZoneChange[] };
  /** Plan options whose value differs (`field` is the option key); plus `catalog` when the edition changed. */
  readonly options: readonly FieldChange[];
  /**
   * Flows keyed by source node, destination node, protocol, ports and catalog rule: a flow whose
   * ports widened is one removed and one added. Flows with the same key (two connections between
   * the same nodes) count once; the first in engine order stands for them.
   */
  readonly flows: AddedRemoved<Flow>;
}
