// Writing a plan: canonical key order, 2-space JSON, trailing newline — same plan, same bytes.
import type { Plan } from './types';

const PLAN_KEYS = [
  'format',
  'version',
  'name',
  'catalog',
  'options',
  'zones',
  'nodes',
  'connections',
  'customFlows',
  'customRules',
  'acknowledgedWarnings',
  'changeRequest',
];
const NODE_KEYS = [
  'id',
  'type',
  'name',
  'hostname',
  'addresses',
  'members',
  'zone',
  'extraRoles',
  'options',
  'position',
  'notes',
];
const CONNECTION_KEYS = ['id', 'from', 'to'];
const ZONE_KEYS = ['id', 'name', 'cidrs', 'color'];
const CUSTOM_KEYS = [
  'id',
  'from',
  'to',
  'protocol',
  'ports',
  'purpose',
  'justification',
  'owner',
  'expires',
];
const MEMBER_KEYS = ['name', 'address'];
const ACK_KEYS = ['code', 'nodes', 'connections', 'reason'];
const OPTION_KEYS = ['windowsFirewall', 'portOverrides', 'vmid'];
const POSITION_KEYS = ['x', 'y'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Known keys in their documented order, then any other keys sorted; nested unknowns sorted too. */
function ordered(obj: Record<string, unknown>, known: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of known) if (obj[k] !== undefined) out[k] = obj[k];
  for (const k of Object.keys(obj)
    .filter((k) => !known.includes(k))
    .sort()) {
    if (obj[k] !== undefined) out[k] = canonical(obj[k]);
  }
  return out;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  return isRecord(value) ? ordered(value, []) : value;
}

/** Stable JSON text of a plan (2-space indent, trailing newline). */
export function serializePlan(plan: Plan): string {
  const doc = ordered(plan as Record<string, unknown>, PLAN_KEYS);
  doc.options = canonical(plan.options);
  doc.zones = plan.zones.map((z) => ordered(z, ZONE_KEYS));
  doc.nodes = plan.nodes.map((n) => {
    const node = ordered(n, NODE_KEYS);
    node.options = ordered(n.options, OPTION_KEYS);
    if (n.options.portOverrides) {
      (node.options as Record<string, unknown>).portOverrides = canonical(n.options.portOverrides);
    }
    node.position = ordered({ ...n.position }, POSITION_KEYS);
    if (n.members) node.members = n.members.map((m) => ordered(m, MEMBER_KEYS));
    return node;
  });
  doc.connections = plan.connections.map((c) => ordered(c, CONNECTION_KEYS));
  if (plan.customFlows) doc.customFlows = plan.customFlows.map((f) => ordered(f, CUSTOM_KEYS));
  if (plan.customRules) doc.customRules = plan.customRules.map((r) => ordered(r, CUSTOM_KEYS));
  if (plan.acknowledgedWarnings) {
    doc.acknowledgedWarnings = plan.acknowledgedWarnings.map((a) => ordered(a, ACK_KEYS));
  }
  if (plan.changeRequest) doc.changeRequest = canonical(plan.changeRequest);
  return `${JSON.stringify(doc, null, 2)}\n`;
}
