// Plan → xyflow nodes and edges. Node objects are reused while their inputs are unchanged, so
// xyflow keeps its measurements and a 1 000-node plan re-renders only what an edit touched.
import { hostCount, isGroupNode } from '../../../src-core/plan/groups';
import { Position as HandleSide, type Edge, type Node, type NodeHandle } from '@xyflow/svelte';
import type { ComponentType } from '../../../src-core/catalog/types';
import { summariseEdge, type EdgeDirection } from '../../../src-core/layout/edge-summary';
import { connectionBends, NODE_HEIGHT, NODE_WIDTH } from '../../../src-core/layout/geometry';
import type { Flow } from '../../../src-core/flows/types';
import type { Plan, PlanNode, PlanZone, Position } from '../../../src-core/plan/types';
import type { CanvasDelta } from '../../state/canvas-delta';
import { counted } from '../../state/wording';

/** How a drawn node or connection stands against the compared baseline ("Changes since…"). */
export type DeltaState = 'added' | 'changed' | 'removed';

/** What a canvas node shows. */
export interface PlanNodeData extends Record<string, unknown> {
  readonly node: PlanNode;
  readonly typeLabel: string;
  readonly zone: { readonly name: string; readonly color: string } | null;
  /** Warning messages about this node (tooltip and badge). */
  readonly warnings: readonly string[];
  /** Set while changes are shown: new, changed, or a removed node drawn as a ghost. */
  readonly delta?: DeltaState;
}

/** What a canvas edge shows. */
export interface ConnectionData extends Record<string, unknown> {
  /** Why no catalog rule covers the connection, or null when covered. */
  readonly uncovered: string | null;
  readonly flowCount: number;
  /** Arrowheads by the flows' dominant direction. */
  readonly direction: EdgeDirection;
  /** Distinct ports (protocol and range, coalesced) the connection opens: the label. */
  readonly portCount: number;
  /** Ports per protocol and direction, shown on hover. */
  readonly ports: readonly string[];
  /** Bend points stored by auto-layout, when any. */
  readonly bends: readonly Position[] | undefined;
  /** Set while changes are shown: a new connection, or a removed one drawn as a ghost. */
  readonly delta?: 'added' | 'removed';
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
    delta: CanvasDelta | null = null,
  ): PlanFlowNode[] {
    const zones = new Map<string, PlanZone>(plan.zones.map((z) => [z.id, z]));
    const next = new Map<string, CacheEntry>();
    const out: PlanFlowNode[] = [];
    for (const n of plan.nodes) {
      const zone = n.zone ? zones.get(n.zone) : undefined;
      const typeLabel = types.get(n.type)?.label ?? n.type;
      const warnings = (warningsByNode.get(n.id) ?? []).map((w) => w.message);
      const isSelected = selected.has(n.id);
      const mark = delta?.nodes.get(n.id);
      const sig = `${typeLabel}|${zone?.name ?? ''}|${zone?.color ?? ''}|${mark ?? ''}|${warnings.join('\n')}`;
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
        ariaLabel: `${mark ? `${mark === 'added' ? 'Added' : 'Changed'}: ` : ''}${n.name}, ${typeLabel}${isGroupNode(n) ? `, group of ${hostCount(n)} hosts` : ''}${zone ? `, zone ${zone.name}` : ''}${warnings.length ? `, ${counted(warnings.length, 'warning')}` : ''}`,
        ...(mark ? { class: `delta-${mark}` } : {}),
        data: {
          node: n,
          typeLabel,
          zone: zone ? { name: zone.name, color: zone.color ?? DEFAULT_ZONE_COLOR } : null,
          warnings,
          ...(mark ? { delta: mark } : {}),
        },
      };
      next.set(n.id, { planNode: n, sig, flow });
      out.push(flow);
    }
    this.#cache = next;
    // Removed nodes, where they were: drawn, never edited (a few, rebuilt on every change).
    for (const n of delta?.ghostNodes ?? []) {
      const typeLabel = types.get(n.type)?.label ?? n.type;
      out.push({
        id: n.id,
        type: 'plan',
        position: { x: n.position.x, y: n.position.y },
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        handles: HANDLES,
        draggable: false,
        selectable: false,
        connectable: false,
        deletable: false,
        class: 'delta-removed',
        ariaLabel: `Removed: ${n.name}, ${typeLabel}`,
        data: { node: n, typeLabel, zone: null, warnings: [], delta: 'removed' },
      });
    }
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
    flowsByConnection: ReadonlyMap<string, readonly Flow[]>,
    uncovered: ReadonlyMap<string, string>,
    selected: ReadonlySet<string>,
    delta: CanvasDelta | null = null,
  ): PlanFlowEdge[] {
    const next = new Map<string, EdgeCacheEntry>();
    const ghosts = delta?.ghostConnections ?? [];
    let changed = plan.connections.length + ghosts.length !== this.#last.length;
    const out = plan.connections.map((c, i) => {
      const reason = uncovered.get(c.id) ?? null;
      const flows = flowsByConnection.get(c.id) ?? [];
      const flowCount = flows.length;
      const isSelected = selected.has(c.id);
      const bends = connectionBends(c);
      const summary = summariseEdge(c, flows);
      const added = delta?.connections.has(c.id) ?? false;
      const sig = `${c.from}|${c.to}|${reason ?? ''}|${flowCount}|${isSelected}|${added}|${summary.direction}|${summary.ports.join(';')}|${bends ? JSON.stringify(bends) : ''}`;
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
        ...(added ? { class: 'delta-added' } : {}),
        data: {
          uncovered: reason,
          flowCount,
          direction: summary.direction,
          portCount: summary.portCount,
          ports: summary.ports,
          bends,
          ...(added ? { delta: 'added' as const } : {}),
        },
      };
      next.set(c.id, { sig, edge });
      return edge;
    });
    for (const c of ghosts) {
      const id = `ghost:${c.id}`;
      out.push({
        id,
        type: 'plan',
        source: c.from,
        target: c.to,
        selectable: false,
        focusable: false,
        deletable: false,
        class: 'delta-removed',
        ariaLabel: null as unknown as string,
        domAttributes: { 'aria-labelledby': edgeLabelId(id) },
        data: {
          uncovered: null,
          flowCount: 0,
          direction: 'none',
          portCount: 0,
          ports: [],
          bends: connectionBends(c),
          delta: 'removed',
        },
      });
    }
    this.#cache = next;
    // The same array when no edge changed: xyflow re-indexes all edges whenever it gets a new one.
    if (!changed) return this.#last;
    this.#last = out;
    return out;
  }
}
