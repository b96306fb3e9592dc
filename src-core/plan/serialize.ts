// Canonical plan text: stable key order, arrays sorted by id, positions rounded, one final newline.
import { compareStrings } from '../util/compare';
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
  'zonePinned',
  'extraRoles',
  'options',
  'position',
  'notes',
];
const CONNECTION_KEYS = ['id', 'from', 'to', 'bends'];
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

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * True for a list of objects that each carry a distinct string id: such lists are sets (zones,
 * nodes, connections, and the id-bearing lists later versions or other tools add), so their order
 * carries no meaning and sorting them keeps a one-item edit a one-item diff.
 */
function isIdSet(list: readonly unknown[]): list is readonly Json[] {
  if (list.length < 2) return false;
  const ids = new Set<string>();
  for (const item of list) {
    if (!isRecord(item) || typeof item.id !== 'string' || ids.has(item.id)) return false;
    ids.add(item.id);
  }
  return true;
}

function byId(list: readonly Json[]): Json[] {
  return [...list].sort((a, b) => compareStrings(a.id as string, b.id as string));
}

/** Any JSON value with object keys sorted at every depth and id-bearing lists sorted by id. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = isIdSet(value) ? byId(value) : value;
    return items.map(canonical);
  }
  return isRecord(value) ? ordered(value, []) : value;
}

/** Known keys in their documented order, then any other keys sorted; every value canonical. */
function ordered(obj: Json, known: readonly string[]): Json {
  const out: Json = {};
  for (const k of known) if (obj[k] !== undefined) out[k] = canonical(obj[k]);
  for (const k of Object.keys(obj)
    .filter((k) => !known.includes(k))
    .sort(compareStrings)) {
    if (obj[k] !== undefined) out[k] = canonical(obj[k]);
  }
  return out;
}

/** A canvas coordinate to a whole pixel: sub-pixel drags would otherwise churn every save. */
function roundCoordinate(v: unknown): unknown {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v;
  const r = Math.round(v);
  return r === 0 ? 0 : r; // never "-0"
}

function canonicalNode(node: Json): Json {
  const out = ordered(node, NODE_KEYS);
  if (isRecord(node.options)) out.options = ordered(node.options, OPTION_KEYS);
  if (Array.isArray(node.extraRoles)) {
    // A set of role ids: sorted so that adding a role in the inspector is a one-line change.
    out.extraRoles = [...(node.extraRoles as unknown[])].sort((a, b) =>
      compareStrings(String(a), String(b)),
    );
  }
  if (isRecord(node.position)) {
    const position = ordered(node.position, POSITION_KEYS);
    position.x = roundCoordinate(node.position.x);
    position.y = roundCoordinate(node.position.y);
    out.position = position;
  }
  if (Array.isArray(node.members)) {
    // Members keep the order the user pasted them in: a list, not a set of ids.
    out.members = node.members.map((m) => (isRecord(m) ? ordered(m, MEMBER_KEYS) : m));
  }
  return out;
}

/**
 * The plan in canonical form (a plain JSON value): the same plan always gives the same value, and
 * a value already canonical is returned unchanged in content. Unknown fields are kept, sorted.
 */
export function canonicalPlan(plan: Plan): Json {
  const doc = ordered(plan as Json, PLAN_KEYS);
  const list = (v: unknown, one: (item: Json) => Json) =>
    Array.isArray(v) ? (isIdSet(v) ? byId(v) : v).map((x) => (isRecord(x) ? one(x) : x)) : v;
  doc.zones = list(plan.zones, (z) => ordered(z, ZONE_KEYS));
  doc.nodes = list(plan.nodes, canonicalNode);
  doc.connections = list(plan.connections, (c) => ordered(c, CONNECTION_KEYS));
  if (plan.customFlows) doc.customFlows = list(plan.customFlows, (f) => ordered(f, CUSTOM_KEYS));
  if (plan.customRules) doc.customRules = list(plan.customRules, (r) => ordered(r, CUSTOM_KEYS));
  if (Array.isArray(plan.acknowledgedWarnings)) {
    doc.acknowledgedWarnings = plan.acknowledgedWarnings.map((a) =>
      isRecord(a) ? ordered(a, ACK_KEYS) : a,
    );
  }
  return doc;
}

/**
 * Canonical JSON text of a plan (2-space indent, one final newline): saving an unchanged plan
 * never changes a byte, and a one-node edit changes only that node's lines.
 */
export function serializePlan(plan: Plan): string {
  return `${JSON.stringify(canonicalPlan(plan), null, 2)}\n`;
}
