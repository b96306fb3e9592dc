// Zod schema of the plan file format (DESIGN.md "Plan file format"), current version only.
import { z } from 'zod';
import { parsePorts } from '../flows/ports';
import { inetAton, parseAddress, parseAddressEntry, parseCidr } from '../util/ip';
import { isSafeId } from '../util/ids';
import { cleanFreeText, describeForbiddenCharacter, findForbiddenCharacter } from '../util/text';

/** Shortens a value for an error message. */
export function quoteValue(value: unknown): string {
  // JSON.stringify escapes C0 controls only: C1 controls and bidi overrides are escaped too,
  // so a message about a hostile name never carries the character it is about.
  const text = (typeof value === 'string' ? JSON.stringify(value) : String(value)).replace(
    /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A string schema whose check names the offending value in its message. */
function checkedString(test: (s: string) => boolean, describe: string) {
  return z.string().superRefine((value, ctx) => {
    if (!test(value)) ctx.addIssue({ code: 'custom', message: `${quoteValue(value)} ${describe}` });
  });
}

const HOSTNAME_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** A label resolvers may read as a number: decimal, octal or `0x` hex. */
const NUMERIC_LABEL = /^(?:[0-9]+|0[xX][0-9A-Fa-f]*)$/;

/**
 * RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, ≤ 253 chars,
 * whose last label is not a number. That last rule (the URL standard's "ends in a number")
 * refuses every text `inet_aton` reads as an address (`010.0.0.1`, `0x7f000001`, `1.2.3`,
 * `4294967295`): a check script would otherwise probe an address nobody wrote.
 */
export function isHostname(s: string): boolean {
  if (s.length > 253) return false;
  const labels = s.split('.');
  return labels.every((label) => HOSTNAME_LABEL.test(label)) && !NUMERIC_LABEL.test(labels.at(-1)!);
}

/** Why `s` is not a host name, for the message after the quoted value. */
export function hostnameProblem(s: string): string {
  const bad = findForbiddenCharacter(s);
  if (bad) return describeForbiddenCharacter(bad);
  const address = inetAton(s);
  if (address !== null) {
    return `is not a host name: resolvers read it as the address ${address}; put addresses in "addresses"`;
  }
  if (s.split('.').every((label) => HOSTNAME_LABEL.test(label))) {
    return 'is not a host name: its last label is a number, which resolvers read as an address';
  }
  return 'is not a valid host name';
}

/**
 * Display text: none of the characters util/text.ts refuses (controls, C1 controls, bidi
 * overrides and isolates): names reach script comments, documents and terminals.
 */
const displayText = (max: number) =>
  z
    .string()
    .max(max)
    .superRefine((value, ctx) => {
      const bad = findForbiddenCharacter(value);
      if (bad) {
        ctx.addIssue({
          code: 'custom',
          message: `${quoteValue(value)} ${describeForbiddenCharacter(bad)}`,
        });
      }
    });

const safeId = checkedString(
  isSafeId,
  'is not a valid id (letters, digits, "-" and "_", 1 to 64 characters)',
);
/** Host, network or range; a text with "-" is read as a range and told so when it is not one. */
const address = z.string().superRefine((value, ctx) => {
  if (parseAddressEntry(value) !== null) return;
  const message = value.includes('-')
    ? `${quoteValue(value)} is not an address range (A-B: two addresses of one family, first ≤ last)`
    : `${quoteValue(value)} is not an IPv4 or IPv6 address`;
  ctx.addIssue({ code: 'custom', message });
});
const hostAddress = checkedString(
  (s) => parseAddress(s)?.cidr === false,
  'is not one IPv4 or IPv6 address (a member is one host)',
);
const cidr = checkedString(
  (s) => parseCidr(s) !== null,
  'is not an IPv4 or IPv6 network in CIDR notation (e.g. 192.0.2.0/24)',
);
const hostname = z.string().superRefine((value, ctx) => {
  if (!isHostname(value)) {
    ctx.addIssue({ code: 'custom', message: `${quoteValue(value)} ${hostnameProblem(value)}` });
  }
});
const portText = checkedString(
  (s) => parsePorts(s) !== null,
  'is not a port or port range ("N" or "N-M", 1-65535)',
);

/** Largest canvas coordinate: beyond it the canvas, the layout and the diagram lose precision. */
export const MAX_COORDINATE = 1e7;
const coordinate = z
  .number()
  .min(-MAX_COORDINATE, `must be at least -${MAX_COORDINATE}`)
  .max(MAX_COORDINATE, `must be at most ${MAX_COORDINATE}`);

const nodeOptionsSchema = z.looseObject({
  windowsFirewall: z.enum(['default', 'custom']).optional(),
  os: z.enum(['windows', 'linux']).optional(),
  portOverrides: z.record(z.string(), portText).optional(),
  vmid: z.number().int().min(100).max(999_999_999).optional(),
  firewallPolicy: z.enum(['restrict', 'allow-only']).optional(),
});

const memberSchema = z.looseObject({ name: displayText(200).min(1), address: hostAddress });

const nodeSchema = z.looseObject({
  id: safeId,
  type: z.string().min(1),
  name: displayText(200).min(1),
  hostname: hostname.optional(),
  addresses: z.array(address).default([]),
  members: z.array(memberSchema).max(100_000).optional(),
  zone: z.string().nullable().optional(),
  zonePinned: z.boolean().optional(),
  extraRoles: z.array(z.string()).default([]),
  options: nodeOptionsSchema.default({}),
  position: z.looseObject({ x: coordinate, y: coordinate }).default({ x: 0, y: 0 }),
  notes: z.string().max(10_000).optional(),
});

const point = z.object({ x: z.number(), y: z.number() });
const connectionSchema = z.looseObject({
  id: safeId,
  from: z.string(),
  to: z.string(),
  bends: z.array(point).max(1000).optional(),
});

const zoneSchema = z.looseObject({
  id: safeId,
  name: displayText(200).min(1),
  cidrs: z.array(cidr).default([]),
  color: checkedString((s) => /^#[0-9A-Fa-f]{3,8}$/.test(s), 'is not a hex colour').optional(),
});

/** Free text: newlines kept, other control characters and bidi overrides removed on load. */
const text = z.string().max(10_000).transform(cleanFreeText);
const changeRequestSchema = z.looseObject({
  number: text.optional(),
  title: text.optional(),
  requester: text.optional(),
  implementer: text.optional(),
  approvers: z.array(text).optional(),
  windowStart: text.optional(),
  windowEnd: text.optional(),
  category: z.enum(['standard', 'normal', 'emergency']).optional(),
  priority: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  risk: z.enum(['low', 'medium', 'high']).optional(),
  justification: text.optional(),
  impactIfNotDone: text.optional(),
  permanence: z.enum(['permanent', 'temporary']).optional(),
  expires: text.optional(),
  rollbackPlan: text.optional(),
  verificationPlan: text.optional(),
});

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

const customFields = {
  id: safeId,
  protocol: z.enum(['tcp', 'udp']),
  ports: portText,
  purpose: displayText(200).min(1),
  justification: displayText(2000).min(1),
  owner: displayText(200).optional(),
  expires: checkedString(isIsoDate, 'is not a date written YYYY-MM-DD').optional(),
};

/** A custom flow between two node ids (references checked in restore). */
const customFlowSchema = z.looseObject({ ...customFields, from: z.string(), to: z.string() });

/** A custom rule between two roles (checked against the catalog in restore). */
const customRuleSchema = z.looseObject({ ...customFields, from: z.string(), to: z.string() });

const acknowledgedSchema = z.looseObject({
  code: z.string().min(1).max(100),
  nodes: z.array(z.string()).default([]),
  connections: z.array(z.string()).optional(),
  reason: displayText(2000).min(1),
});

/**
 * Plan document, version 1. Unknown fields are kept (`looseObject`) so a file written by a
 * newer minor build round-trips. Fields with an obvious empty value default to it; the
 * serializer always writes them.
 */
export const planSchema = z.looseObject({
  format: z.literal('portolan-plan'),
  version: z.literal(1),
  name: displayText(200),
  catalog: z.string().min(1),
  options: z.record(z.string(), z.unknown()).default({}),
  zones: z.array(zoneSchema).default([]),
  nodes: z.array(nodeSchema),
  connections: z.array(connectionSchema),
  changeRequest: changeRequestSchema.optional(),
  customFlows: z.array(customFlowSchema).optional(),
  customRules: z.array(customRuleSchema).optional(),
  acknowledgedWarnings: z.array(acknowledgedSchema).optional(),
});
