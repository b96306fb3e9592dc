// Auto-layout with elkjs (layered, left to right); nodes of one zone are laid out together so the
// zone backgrounds drawn from member bounds do not overlap. elk is loaded on first use.
import type { Plan, Position } from '../../src-core/plan/types';

/** Size every node is drawn with on the canvas (PlanNodeView), used for layout and zones. */
export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 64;

const SPACING = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '90',
  'elk.spacing.componentComponent': '80',
};

interface ElkNode {
  id: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  children?: ElkNode[];
  edges?: { id: string; sources: string[]; targets: string[] }[];
  layoutOptions?: Record<string, string>;
}

/** New positions for every node of the plan. */
export async function layoutPlan(plan: Plan): Promise<Map<string, Position>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const zoneIds = new Set(plan.zones.map((z) => z.id));
  const groups = new Map<string, ElkNode>();
  const top: ElkNode[] = [];
  for (const n of plan.nodes) {
    const leaf: ElkNode = { id: `n:${n.id}`, width: NODE_WIDTH, height: NODE_HEIGHT };
    const zone = n.zone && zoneIds.has(n.zone) ? n.zone : null;
    if (!zone) {
      top.push(leaf);
      continue;
    }
    let g = groups.get(zone);
    if (!g) {
      g = {
        id: `z:${zone}`,
        children: [],
        // Spacing is not inherited into compound nodes: repeat it for each zone.
        layoutOptions: { ...SPACING, 'elk.padding': '[top=44,left=24,bottom=24,right=24]' },
      };
      groups.set(zone, g);
      top.push(g);
    }
    g.children!.push(leaf);
  }
  const graph: ElkNode = {
    id: 'root',
    children: top,
    edges: plan.connections.map((c) => ({
      id: `e:${c.id}`,
      sources: [`n:${c.from}`],
      targets: [`n:${c.to}`],
    })),
    layoutOptions: {
      ...SPACING,
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
  };
  const laid = (await elk.layout(graph as Parameters<typeof elk.layout>[0])) as unknown as ElkNode;
  const out = new Map<string, Position>();
  const visit = (node: ElkNode, dx: number, dy: number) => {
    for (const child of node.children ?? []) {
      const x = dx + (child.x ?? 0);
      const y = dy + (child.y ?? 0);
      if (child.id.startsWith('n:')) out.set(child.id.slice(2), { x, y });
      else visit(child, x, y);
    }
  };
  visit(laid, 40, 40);
  return out;
}
