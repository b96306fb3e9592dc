// Plan → xyflow nodes and edges. Node objects are reused while their inputs are unchanged, so
// xyflow keeps its measurements and a 1 000-node plan re-renders only what an edit touched.
import { hostCount, isGroupNode } from '../../../src-core/plan/groups';
import { Position as HandleSide, type Edge, type Node, type NodeHandle } from '@xyflow/svelte';
import type { ComponentType } from '../../../src-core/catalog/types';
import type { Plan, PlanNode, PlanZone } from '../../../src-core/plan/types';
import { NODE_HEIGHT, NODE_WIDTH } from '../../state/auto-layout';

/** What a canvas node shows. */
export interface PlanNodeData extends Record<string, unknown> {
  readonly node: PlanNode;
  readonly typeLabel: string;
  readonly zone: { readonly name: string; readonly color: string } | null;
  /** Warning messages about this node (tooltip and badge). */
  readonly warnings: readonly string[];
}

/** What a canvas edge shows. */
export interface ConnectionData extends Record<string, unknown> {
  /** Why no catalog rule covers the connection, or null when covered. */
  readonly uncovered: string | null;
  readonly flowCount: number;
}

export type PlanFlowNode = Node<PlanNodeData, 'plan'>;
export type PlanFlowEdge = Edge<ConnectionData, 'plan'>;

/** Fallback colour of zones without one. */
export const DEFAULT_ZONE_COLOR = '#64748b';

const H = 10;
/** Handle boxes known before measuring, so edges of off-screen nodes still have anchors. */
const HANDLES: NodeHandle[] = [
  {
    id: 't',
    type: 'source',
    position: HandleSide.Top,
    x: NODE_WIDTH / 2 - H / 2,
    y: -H / 2,
    width: H,
    height: H,
  },
  {
    id: 'r',
    type: 'source',
    position: HandleSide.Right,
    x: NODE_WIDTH - H / 2,
    y: NODE_HEIGHT / 2 - H / 2,
    width: H,
    height: H,
  },
  {
    id: 'b',
    type: 'source',
    position: HandleSide.Bottom,
    x: NODE_WIDTH / 2 - H / 2,
    y: NODE_HEIGHT - H / 2,
    width: H,
    height: H,
  },
  {
    id: 'l',
    type: 'source',
    position: HandleSide.Left,
    x: -H / 2,
    y: NODE_HEIGHT / 2 - H / 2,
    width: H,
    height: H,
  },
];

interface CacheEntry {
  readonly planNode: PlanNode;
  readonly sig: string;
  readonly flow: PlanFlowNode;
}

/** Builds canvas nodes; keeps a cache between calls (one builder per canvas). */
export class NodeBuilder {
  #cache = new Map<string, CacheEntry>();

  build(
    plan: Plan,
    types: ReadonlyMap<string, ComponentType>,
    warningsByNode: ReadonlyMap<string, readonly { message: string }[]>,
    selected: ReadonlySet<string>,
  ): PlanFlowNode[] {
    const zones = new Map<string, PlanZone>(plan.zones.map((z) => [z.id, z]));
    const next = new Map<string, CacheEntry>();
    const out: PlanFlowNode[] = [];
    for (const n of plan.nodes) {
      const zone = n.zone ? zones.get(n.zone) : undefined;
      const typeLabel = types.get(n.type)?.label ?? n.type;
      const warnings = (warningsByNode.get(n.id) ?? []).map((w) => w.message);
      const isSelected = selected.has(n.id);
      const sig = `${typeLabel}|${zone?.name ?? ''}|${zone?.color ?? ''}|${warnings.join('\n')}`;
      const old = this.#cache.get(n.id);
      if (old && old.planNode === n && old.sig === sig && !!old.flow.selected === isSelected) {
        next.set(n.id, old);
        out.push(old.flow);
        continue;
      }
      const flow: PlanFlowNode = {
        id: n.id,
        type: 'plan',
        position: { x: n.position.x, y: n.position.y },
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        handles: HANDLES,
        selected: isSelected,
        ariaLabel: `${n.name}, ${typeLabel}${isGroupNode(n) ? `, group of ${hostCount(n)} hosts` : ''}${zone ? `, zone ${zone.name}` : ''}${warnings.length ? `, ${warnings.length} warning(s)` : ''}`,
        data: {
          node: n,
          typeLabel,
          zone: zone ? { name: zone.name, color: zone.color ?? DEFAULT_ZONE_COLOR } : null,
          warnings,
        },
      };
      next.set(n.id, { planNode: n, sig, flow });
      out.push(flow);
    }
    this.#cache = next;
    return out;
  }

  /**
   * Take over the copies xyflow made of our nodes (it stores measured sizes, drag positions and
   * selection on a copy of each node). Handing the old objects back on the next build would make
   * xyflow treat every node as new: re-measure all of them and re-lay out every edge.
   */
  adopt(nodes: readonly PlanFlowNode[]): void {
    for (const n of nodes) {
      const entry = this.#cache.get(n.id);
      if (entry && entry.flow !== n && entry.flow.data === n.data) {
        this.#cache.set(n.id, { ...entry, flow: n });
      }
    }
  }
}

/** DOM id of the element naming an edge: the connection id with every unsafe character escaped. */
export function edgeLabelId(connectionId: string): string {
  return `edge-label-${connectionId.replace(/[^A-Za-z0-9-]/g, (ch) => `_${ch.codePointAt(0)}_`)}`;
}

interface EdgeCacheEntry {
  readonly sig: string;
  readonly edge: PlanFlowEdge;
}

/** Builds canvas edges, one per plan connection; unchanged edges keep their object. */
export class EdgeBuilder {
  #cache = new Map<string, EdgeCacheEntry>();
  #last: PlanFlowEdge[] = [];

  build(
    plan: Plan,
    flowsByConnection: ReadonlyMap<string, readonly unknown[]>,
    uncovered: ReadonlyMap<string, string>,
    selected: ReadonlySet<string>,
  ): PlanFlowEdge[] {
    const next = new Map<string, EdgeCacheEntry>();
    let changed = plan.connections.length !== this.#last.length;
    const out = plan.connections.map((c, i) => {
      const reason = uncovered.get(c.id) ?? null;
      const flowCount = flowsByConnection.get(c.id)?.length ?? 0;
      const isSelected = selected.has(c.id);
      const sig = `${c.from}|${c.to}|${reason ?? ''}|${flowCount}|${isSelected}`;
      const old = this.#cache.get(c.id);
      if (old && old.sig === sig) {
        next.set(c.id, old);
        if (this.#last[i] !== old.edge) changed = true;
        return old.edge;
      }
      changed = true;
      const edge: PlanFlowEdge = {
        id: c.id,
        type: 'plan',
        source: c.from,
        target: c.to,
        selected: isSelected,
        // Named by a label ConnectionEdge renders from the end nodes' current names (see
        // CanvasView.nodeName); null (not in xyflow's type, but handled): no aria-label of its own.
        ariaLabel: null as unknown as string,
        domAttributes: { 'aria-labelledby': edgeLabelId(c.id) },
        data: { uncovered: reason, flowCount },
      };
      next.set(c.id, { sig, edge });
      return edge;
    });
    this.#cache = next;
    // The same array when no edge changed: xyflow re-indexes all edges whenever it gets a new one.
    if (!changed) return this.#last;
    this.#last = out;
    return out;
  }
}
