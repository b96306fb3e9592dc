// Zod schema of a catalog edition file (resources/catalogs/<edition>.json) plus cross-checks.
import { z } from 'zod';
import type { Catalog } from './types';

/**
 * Node options that are fields of the plan's node schema rather than catalog declarations: a
 * component type may list them without an `options` entry.
 */
export const BUILT_IN_NODE_OPTIONS: ReadonlySet<string> = new Set(['portOverrides', 'vmid']);

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lower-case id (a-z, 0-9, -)');
const port = z.number().int().min(1).max(65535);
const portRange = z
  .strictObject({ start: port, end: port })
  .refine((r) => r.start <= r.end, 'start must not exceed end');
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const condition = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('node-option'),
    node: z.enum(['from', 'to']),
    option: z.string().min(1),
    equals: scalar,
    description: z.string().min(1),
  }),
  z.strictObject({
    kind: z.literal('plan-option'),
    option: z.string().min(1),
    equals: scalar,
    description: z.string().min(1),
  }),
  z.strictObject({
    kind: z.literal('no-peer-with-role'),
    node: z.enum(['from', 'to']),
    role: id,
    description: z.string().min(1),
  }),
]);

const rule = z.strictObject({
  id,
  from: z.array(id).min(1),
  to: z.array(id).min(1),
  protocol: z.enum(['tcp', 'udp']),
  ports: portRange,
  publishedProtocol: z.string().min(1),
  purpose: z.string().min(1),
  service: id.optional(),
  conditions: z.array(condition).optional(),
  local: z.boolean().optional(),
  network: z.boolean().optional(),
  source: z.strictObject({
    document: z.string().min(1),
    table: z.string().min(1),
    row: z.number().int().min(1),
  }),
});

const componentType = z.strictObject({
  id,
  label: z.string().min(1),
  description: z.string().min(1),
  defaultOs: z.enum(['windows', 'linux', 'appliance', 'internet', 'any']),
  roles: z.array(id).min(1),
  allowedExtraRoles: z.array(id).optional(),
  options: z.array(z.string().min(1)).optional(),
});

const optionDefinition = z.strictObject({
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'must be a camelCase option id'),
  scope: z.enum(['plan', 'node']),
  label: z.string().min(1),
  description: z.string().min(1),
  values: z.array(z.strictObject({ value: scalar, label: z.string().min(1) })).min(1),
  default: scalar.optional(),
  defaultFromTypeOs: z.boolean().optional(),
  defaultByRole: z
    .array(z.strictObject({ role: id, value: scalar }))
    .min(1)
    .optional(),
  appliesTo: z.array(id).min(1).optional(),
});

/** Shape of a catalog file; `parseCatalog` adds the cross-references checks. */
export const catalogSchema = z.strictObject({
  format: z.literal('portolan-catalog'),
  version: z.literal(1),
  edition: id,
  title: z.string().min(1),
  sources: z.array(
    z.strictObject({
      id: z.string().min(1),
      title: z.string().min(1),
      version: z.string().min(1),
      url: z.string().optional(),
      build: z.string().min(1).optional(),
    }),
  ),
  roles: z.array(
    z.strictObject({ id, label: z.string().min(1), abstract: z.boolean().optional() }),
  ),
  componentTypes: z.array(componentType),
  services: z.array(
    z.strictObject({ id, label: z.string().min(1), description: z.string().min(1) }),
  ),
  rules: z.array(rule),
  options: z.array(optionDefinition).optional(),
});

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/** Every dangling reference or duplicate id inside an already shape-checked catalog. */
function crossCheck(c: z.infer<typeof catalogSchema>): string[] {
  const problems: string[] = [];
  const roles = new Set(c.roles.map((r) => r.id));
  const services = new Set(c.services.map((s) => s.id));
  const documents = new Set(c.sources.map((s) => s.id));
  for (const [what, ids] of [
    ['role', c.roles.map((r) => r.id)],
    ['component type', c.componentTypes.map((t) => t.id)],
    ['service', c.services.map((s) => s.id)],
    ['rule', c.rules.map((r) => r.id)],
  ] as const) {
    for (const d of duplicates(ids)) problems.push(`duplicate ${what} id "${d}"`);
  }
  const options = new Map((c.options ?? []).map((o) => [`${o.scope}:${o.id}`, o]));
  c.componentTypes.forEach((t, i) => {
    const at = `componentTypes[${i}] (${t.id})`;
    if (!t.roles.includes(t.id))
      problems.push(`componentTypes[${i}].roles: must include "${t.id}"`);
    for (const r of [...t.roles, ...(t.allowedExtraRoles ?? [])]) {
      if (!roles.has(r)) problems.push(`componentTypes[${i}]: unknown role "${r}"`);
    }
    // A type that names an option nobody declares would have it silently dropped by the UI.
    (t.options ?? []).forEach((o, j) => {
      if (BUILT_IN_NODE_OPTIONS.has(o)) return;
      if (options.has(`plan:${o}`) && !options.has(`node:${o}`)) {
        problems.push(`${at}.options[${j}]: "${o}" is a plan option, not a node option`);
      } else if (!options.has(`node:${o}`)) {
        problems.push(`${at}.options[${j}]: names undeclared node option "${o}"`);
      }
    });
    for (const d of duplicates(t.options ?? [])) problems.push(`${at}: lists option "${d}" twice`);
  });
  (c.options ?? []).forEach((o, i) => {
    const at = `options[${i}] (${o.id})`;
    const values = o.values.map((v) => v.value);
    for (const d of duplicates(values.map((v) => JSON.stringify(v)))) {
      problems.push(`${at}: duplicate value ${d}`);
    }
    if (o.default !== undefined && !values.includes(o.default)) {
      problems.push(`${at}: default ${JSON.stringify(o.default)} is not one of its values`);
    }
    if (o.default === undefined && !o.defaultFromTypeOs) {
      problems.push(`${at}: needs a default (or defaultFromTypeOs)`);
    }
    if (
      o.scope === 'plan' &&
      (o.appliesTo !== undefined ||
        o.defaultFromTypeOs !== undefined ||
        o.defaultByRole !== undefined)
    ) {
      problems.push(
        `${at}: appliesTo, defaultFromTypeOs and defaultByRole are for node options only`,
      );
    }
    if (o.defaultByRole !== undefined && o.defaultFromTypeOs) {
      problems.push(`${at}: defaultByRole and defaultFromTypeOs cannot be combined`);
    }
    (o.defaultByRole ?? []).forEach((d, j) => {
      if (!roles.has(d.role)) {
        problems.push(`${at}: defaultByRole[${j}] names unknown role "${d.role}"`);
      }
      if (!values.includes(d.value)) {
        problems.push(
          `${at}: defaultByRole[${j}] value ${JSON.stringify(d.value)} is not one of its values`,
        );
      }
    });
    // A later entry for the same role could never decide: the first one always wins.
    for (const d of duplicates((o.defaultByRole ?? []).map((e) => e.role))) {
      problems.push(`${at}: defaultByRole lists role "${d}" twice`);
    }
    for (const role of o.appliesTo ?? []) {
      if (!roles.has(role)) problems.push(`${at}: appliesTo names unknown role "${role}"`);
    }
  });
  for (const d of duplicates((c.options ?? []).map((o) => o.id))) {
    problems.push(`duplicate option id "${d}"`);
  }
  c.rules.forEach((r, i) => {
    for (const role of [...r.from, ...r.to]) {
      if (!roles.has(role)) problems.push(`rules[${i}] (${r.id}): unknown role "${role}"`);
    }
    if (r.service !== undefined && !services.has(r.service)) {
      problems.push(`rules[${i}] (${r.id}): unknown service "${r.service}"`);
    }
    if (r.local && r.network) {
      problems.push(`rules[${i}] (${r.id}): cannot be both local and network`);
    }
    if (r.network && !r.from.some((role) => r.to.includes(role))) {
      problems.push(
        `rules[${i}] (${r.id}): network is only meaningful when from and to share a role`,
      );
    }
    if (!documents.has(r.source.document)) {
      problems.push(`rules[${i}] (${r.id}): unknown source document "${r.source.document}"`);
    }
    for (const cond of r.conditions ?? []) {
      if (cond.kind === 'no-peer-with-role' && !roles.has(cond.role)) {
        problems.push(`rules[${i}] (${r.id}): condition names unknown role "${cond.role}"`);
      }
      if (cond.kind === 'no-peer-with-role') continue;
      const scope = cond.kind === 'plan-option' ? 'plan' : 'node';
      const option = options.get(`${scope}:${cond.option}`);
      if (!option) {
        problems.push(
          `rules[${i}] (${r.id}): condition uses undeclared ${scope} option "${cond.option}"`,
        );
      } else if (!option.values.some((v) => v.value === cond.equals)) {
        problems.push(
          `rules[${i}] (${r.id}): condition value ${JSON.stringify(cond.equals)} is not a value of option "${cond.option}"`,
        );
      }
    }
  });
  return problems;
}

/** Validates raw catalog data; throws with every problem listed when it is not a valid edition. */
export function parseCatalog(data: unknown, label: string): Catalog {
  const result = catalogSchema.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid catalog ${label}:\n${lines.join('\n')}`);
  }
  const problems = crossCheck(result.data);
  if (problems.length > 0) throw new Error(`Invalid catalog ${label}:\n${problems.join('\n')}`);
  return result.data as Catalog;
}
