// fast-check arbitraries for delta tests: a random plan and a random sequence of edits to it.
import fc from 'fast-check';
import { planArbitrary } from '../../export/__fixtures__/arbitrary';
import type { Plan, PlanNode } from '../../plan/types';

/** One edit an administrator might make between two approved versions. */
export type PlanEdit =
  | { readonly kind: 'remove-node'; readonly pick: number }
  | {
      readonly kind: 'add-node';
      readonly type: string;
      readonly address: string;
      readonly link: number;
    }
  | { readonly kind: 'retype'; readonly pick: number; readonly type: string }
  | { readonly kind: 'readdress'; readonly pick: number; readonly address: string }
  | { readonly kind: 'firewall'; readonly pick: number }
  | { readonly kind: 'override'; readonly pick: number; readonly ports: string }
  | { readonly kind: 'rezone'; readonly pick: number; readonly zone: string | null }
  | { readonly kind: 'move'; readonly pick: number; readonly x: number; readonly y: number }
  | { readonly kind: 'connect'; readonly a: number; readonly b: number }
  | { readonly kind: 'disconnect'; readonly pick: number }
  | { readonly kind: 'plan-option'; readonly value: boolean };

const TYPES = [
  'backup-server',
  'worker',
  'pve-server',
  'backup-repository',
  'guest-interaction-proxy',
  'log-shipping-server',
  'windows-guest',
  'mssql-guest',
  'linux-guest',
] as const;

const pick = fc.nat({ max: 1000 });
const address = fc
  .tuple(fc.constantFrom('192.0.2', '198.51.100'), fc.integer({ min: 1, max: 254 }))
  .map(([net, host]) => `${net}.${host}`);

/** A random edit; indexes are taken modulo the plan's sizes when applied. */
export const editArbitrary: fc.Arbitrary<PlanEdit> = fc.oneof(
  fc.record({ kind: fc.constant('remove-node' as const), pick }),
  fc.record({
    kind: fc.constant('add-node' as const),
    type: fc.constantFrom(...TYPES),
    address,
    link: pick,
  }),
  fc.record({ kind: fc.constant('retype' as const), pick, type: fc.constantFrom(...TYPES) }),
  fc.record({ kind: fc.constant('readdress' as const), pick, address }),
  fc.record({ kind: fc.constant('firewall' as const), pick }),
  fc.record({
    kind: fc.constant('override' as const),
    pick,
    ports: fc.constantFrom('2500-2600', '2500-3400', '2222'),
  }),
  fc.record({
    kind: fc.constant('rezone' as const),
    pick,
    zone: fc.constantFrom('z1', 'z2', null),
  }),
  fc.record({
    kind: fc.constant('move' as const),
    pick,
    x: fc.integer({ min: -500, max: 500 }),
    y: fc.integer({ min: -500, max: 500 }),
  }),
  fc.record({ kind: fc.constant('connect' as const), a: pick, b: pick }),
  fc.record({ kind: fc.constant('disconnect' as const), pick }),
  fc.record({ kind: fc.constant('plan-option' as const), value: fc.boolean() }),
);

function replaceNode(plan: Plan, index: number, edit: (n: PlanNode) => PlanNode): Plan {
  const i = index % plan.nodes.length;
  return { ...plan, nodes: plan.nodes.map((n, j) => (j === i ? edit(n) : n)) };
}

/** The plan after one edit; an edit that does not apply (no node left…) returns the plan as is. */
export function applyEdit(plan: Plan, edit: PlanEdit): Plan {
  const hasNodes = plan.nodes.length > 0;
  switch (edit.kind) {
    case 'remove-node': {
      if (!hasNodes) return plan;
      const id = plan.nodes[edit.pick % plan.nodes.length]!.id;
      return {
        ...plan,
        nodes: plan.nodes.filter((n) => n.id !== id),
        connections: plan.connections.filter((c) => c.from !== id && c.to !== id),
        // Custom flows name their nodes: they go with the node, as in the editor.
        ...(plan.customFlows
          ? { customFlows: plan.customFlows.filter((f) => f.from !== id && f.to !== id) }
          : {}),
      };
    }
    case 'add-node': {
      let k = plan.nodes.length + 1;
      while (plan.nodes.some((n) => n.id === `n${k}`)) k++;
      const id = `n${k}`;
      const node: PlanNode = {
        id,
        type: edit.type,
        name: `Added ${k}`,
        addresses: [edit.address],
        zone: null,
        extraRoles: [],
        options: {},
        position: { x: 10 * k, y: 10 * k },
      };
      const peer = hasNodes ? plan.nodes[edit.link % plan.nodes.length]!.id : null;
      return {
        ...plan,
        nodes: [...plan.nodes, node],
        connections: peer
          ? [...plan.connections, { id: `c-${id}`, from: peer, to: id }]
          : plan.connections,
      };
    }
    case 'retype':
      return hasNodes ? replaceNode(plan, edit.pick, (n) => ({ ...n, type: edit.type })) : plan;
    case 'readdress':
      return hasNodes
        ? replaceNode(plan, edit.pick, (n) => ({ ...n, addresses: [edit.address] }))
        : plan;
    case 'firewall':
      return hasNodes
        ? replaceNode(plan, edit.pick, (n) => ({
            ...n,
            options: {
              ...n.options,
              windowsFirewall: n.options.windowsFirewall === 'custom' ? 'default' : 'custom',
            },
          }))
        : plan;
    case 'override':
      return hasNodes
        ? replaceNode(plan, edit.pick, (n) => ({
            ...n,
            options: {
              ...n.options,
              portOverrides: {
                [edit.ports === '2222' ? 'ssh' : 'data-mover']: edit.ports,
              } as Record<string, string>,
            },
          }))
        : plan;
    case 'rezone':
      return hasNodes ? replaceNode(plan, edit.pick, (n) => ({ ...n, zone: edit.zone })) : plan;
    case 'move':
      return hasNodes
        ? replaceNode(plan, edit.pick, (n) => ({ ...n, position: { x: edit.x, y: edit.y } }))
        : plan;
    case 'connect': {
      if (plan.nodes.length < 2) return plan;
      const a = plan.nodes[edit.a % plan.nodes.length]!.id;
      const b = plan.nodes[edit.b % plan.nodes.length]!.id;
      if (a === b) return plan;
      let k = plan.connections.length + 1;
      while (plan.connections.some((c) => c.id === `e${k}`)) k++;
      return { ...plan, connections: [...plan.connections, { id: `e${k}`, from: a, to: b }] };
    }
    case 'disconnect': {
      if (plan.connections.length === 0) return plan;
      const i = edit.pick % plan.connections.length;
      return { ...plan, connections: plan.connections.filter((_, j) => j !== i) };
    }
    case 'plan-option':
      // The later edition declares plan options; switching to it also changes many flows.
      return { ...plan, catalog: 'vbr13-pve', options: { ...plan.options, legacySmb: edit.value } };
  }
}

/** Names that load (and are valid host names too), so the CLI and the report accept every plan. */
const loadableText = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);

/** A random plan and a version of it after 0–6 random edits; both load through restorePlan. */
export const editedPlanArbitrary: fc.Arbitrary<readonly [Plan, Plan]> = planArbitrary(
  loadableText,
).chain((plan) =>
  fc
    .array(editArbitrary, { maxLength: 6 })
    .map((edits) => [plan, edits.reduce(applyEdit, plan)] as const),
);
