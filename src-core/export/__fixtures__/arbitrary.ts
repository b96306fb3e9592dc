// fast-check arbitraries for exporter tests: random plans, hostile plan text.
import fc from 'fast-check';
import type { Plan, PlanNode } from '../../plan/types';

/** Pieces that would gain a command in some target if they were not quoted. */
export const HOSTILE_PIECES = [
  "'",
  '"',
  '`',
  '$(',
  ')',
  '${IFS}',
  ';',
  '|',
  '&',
  '&&',
  '#',
  '\n',
  '\r',
  '\r\n',
  '\t',
  '\\',
  '\u2019',
  '\u2018',
  '\u201a',
  '\u201b',
  '\u2028',
  '\u0085',
  '\u202e',
  '\0',
  '<#',
  '#>',
  '@(',
  '$env:PATH',
  '"; ',
  '}',
  '{',
  '[',
  ']',
  '*',
  '-',
  '=',
  '+',
  'ё',
  '😀',
  '\ud800',
  '\u00e9',
  ' ',
] as const;

/** Marker the injection tests look for outside quoted strings and comments. */
export const PWN = 'PWNED';

/** A hostile string: pieces, plain words and the marker command mixed; sometimes very long. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...HOSTILE_PIECES),
        fc.constantFrom(
          `touch ${PWN}`,
          `$(touch ${PWN})`,
          `\`touch ${PWN}\``,
          `'; touch ${PWN}; '`,
          `\ntouch ${PWN}\n`,
          `'+(touch ${PWN})+'`,
          `" + $(touch ${PWN}) + "`,
        ),
        fc.string({ maxLength: 6 }),
      ),
      { minLength: 1, maxLength: 12 },
    )
    .map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constant(`${'A'.repeat(5000)}'$(touch ${PWN})`),
);

const TYPES = [
  'backup-server',
  'worker',
  'pve-server',
  'backup-repository',
  'update-repository',
  'flr-helper',
  'guest-interaction-proxy',
  'log-shipping-server',
  'linux-guest',
  'windows-guest',
  'mssql-guest',
  'oracle-windows-guest',
  'oracle-linux-guest',
  'postgresql-guest',
] as const;

const v4 = fc
  .tuple(fc.constantFrom('192.0.2', '198.51.100', '203.0.113'), fc.integer({ min: 1, max: 254 }))
  .map(([net, host]) => `${net}.${host}`);
const v6 = fc.integer({ min: 1, max: 0xffff }).map((n) => `2001:db8::${n.toString(16)}`);
const cidr = fc.constantFrom('192.0.2.0/28', '198.51.100.64/26', '2001:db8:1::/64');
/** Ranges make a node a group: IPv4 within one /24, IPv6 within one /112. */
const range = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('192.0.2', '198.51.100', '203.0.113'),
      fc.integer({ min: 1, max: 254 }),
      fc.integer({ min: 0, max: 40 }),
    )
    .map(([net, a, n]) => `${net}.${a}-${net}.${Math.min(254, a + n)}`),
  fc
    .tuple(fc.integer({ min: 1, max: 0xfe00 }), fc.integer({ min: 0, max: 300 }))
    .map(([a, n]) => `2001:db8::${a.toString(16)}-2001:db8::${(a + n).toString(16)}`),
);
const address = fc.oneof(
  { weight: 6, arbitrary: v4 },
  { weight: 2, arbitrary: v6 },
  { weight: 1, arbitrary: cidr },
  { weight: 1, arbitrary: range },
);

/** Random plans over the vbr12-pve catalog; `text` supplies names, notes, hostnames, zone names. */
export function planArbitrary(
  text: fc.Arbitrary<string> = fc.string({ maxLength: 12 }),
): fc.Arbitrary<Plan> {
  const node = (id: string): fc.Arbitrary<PlanNode> =>
    fc
      .record({
        type: fc.constantFrom(...TYPES),
        name: text,
        hostname: fc.option(fc.oneof(text, fc.constant('host.example.net')), { nil: undefined }),
        addresses: fc.array(address, { maxLength: 3 }),
        zone: fc.constantFrom('z1', 'z2', null),
        vmid: fc.option(fc.integer({ min: 100, max: 120 }), { nil: undefined }),
        firewall: fc.constantFrom('default', 'custom'),
        // Unset (role default) or either policy, so both file shapes meet the real tools.
        policy: fc.constantFrom(undefined, 'restrict' as const, 'allow-only' as const),
        override: fc.option(
          fc.constantFrom<Record<string, string>>({ 'data-mover': '2600-2700' }, { ssh: '2222' }),
          {
            nil: undefined,
          },
        ),
        notes: fc.option(text, { nil: undefined }),
        // Group nodes: a members list (sometimes empty) of named single hosts.
        members: fc.option(fc.array(fc.record({ name: text, address: v4 }), { maxLength: 4 }), {
          nil: undefined,
          freq: 4,
        }),
      })
      .map((r) => ({
        id,
        type: r.type,
        name: r.name,
        ...(r.hostname !== undefined ? { hostname: r.hostname } : {}),
        addresses: r.addresses,
        zone: r.zone,
        extraRoles: [],
        options: {
          windowsFirewall: r.firewall,
          ...(r.vmid !== undefined ? { vmid: r.vmid } : {}),
          ...(r.policy !== undefined ? { firewallPolicy: r.policy } : {}),
          ...(r.override ? { portOverrides: r.override } : {}),
        },
        position: { x: 0, y: 0 },
        ...(r.notes !== undefined ? { notes: r.notes } : {}),
        ...(r.members !== undefined ? { members: r.members } : {}),
      }));
  /** Custom flows between two of the nodes, with plan text in every free field. */
  const customFlows = (ids: readonly string[]) =>
    fc.array(
      fc
        .record({
          a: fc.integer({ min: 0, max: ids.length - 1 }),
          b: fc.integer({ min: 0, max: ids.length - 1 }),
          protocol: fc.constantFrom('tcp' as const, 'udp' as const),
          ports: fc.constantFrom('53', '8443', '9000-9100', '1433'),
          purpose: text,
          justification: text,
          owner: fc.option(text, { nil: undefined }),
          expires: fc.option(fc.constantFrom('2020-01-01', '2099-12-31'), { nil: undefined }),
        })
        .filter((r) => r.a !== r.b),
      { maxLength: 3 },
    );
  return fc.integer({ min: 2, max: 8 }).chain((count) => {
    const ids = Array.from({ length: count }, (_, i) => `n${i + 1}`);
    return fc
      .record({
        name: text,
        zoneName: text,
        nodes: fc.tuple(...ids.map((id) => node(id))),
        custom: customFlows(ids),
        edges: fc.uniqueArray(
          fc
            .tuple(fc.integer({ min: 0, max: count - 1 }), fc.integer({ min: 0, max: count - 1 }))
            .filter(([a, b]) => a !== b),
          { maxLength: count * 2, selector: ([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}` },
        ),
      })
      .map((r) => ({
        format: 'portolan-plan' as const,
        version: 1 as const,
        name: r.name,
        catalog: 'vbr12-pve',
        options: {},
        zones: [
          { id: 'z1', name: r.zoneName, cidrs: ['192.0.2.0/24'] },
          { id: 'z2', name: 'Zone 2', cidrs: ['198.51.100.0/24'] },
        ],
        nodes: r.nodes,
        connections: r.edges.map(([a, b], i) => ({ id: `c${i + 1}`, from: ids[a]!, to: ids[b]! })),
        customFlows: r.custom.map(({ a, b, owner, expires, ...f }, i) => ({
          id: `cf${i + 1}`,
          from: ids[a]!,
          to: ids[b]!,
          ...f,
          ...(owner !== undefined ? { owner } : {}),
          ...(expires !== undefined ? { expires } : {}),
        })),
      }));
  });
}
