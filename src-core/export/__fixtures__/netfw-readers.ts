// Test readers for network-firewall configurations (Portolan's and aclgen's), down to (source, destination, protocol, port) coverage.
import type { Policy } from '../../policy/types';
import { addressToBigInt } from '../netfw';

/** A permitted box: every source × every destination × every port of one protocol and family. */
export interface Box {
  readonly family: 4 | 6;
  readonly protocol: string;
  readonly src: readonly [bigint, bigint];
  readonly dst: readonly [bigint, bigint];
  readonly ports: readonly [number, number];
}

/** Interval of a CIDR text or a bare address. */
export function cidrInterval(text: string): { family: 4 | 6; lo: bigint; hi: bigint } {
  const [address, prefixText] = text.split('/') as [string, string | undefined];
  const family = address.includes(':') ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  const lo = addressToBigInt(address);
  const size = 1n << BigInt(bits - prefix);
  const base = lo - (lo % size);
  return { family, lo: base, hi: base + size - 1n };
}

/** Interval from an IPv4 address and dotted mask (ASA). */
export function maskInterval(address: string, mask: string): string {
  const m = addressToBigInt(mask);
  let prefix = 0;
  for (let i = 31; i >= 0; i--) if ((m >> BigInt(i)) & 1n) prefix++;
  return `${address}/${prefix}`;
}

/** Every box a policy's network rule sets permit (the cross products the rows stand for). */
export function policyBoxes(policy: Policy): Box[] {
  const groups = new Map(policy.addressGroups.map((g) => [g.name, g]));
  const services = new Map(policy.serviceGroups.map((s) => [s.name, s]));
  const out: Box[] = [];
  for (const rs of policy.ruleSets) {
    if (rs.point.kind !== 'network') continue;
    for (const r of rs.rules) {
      const src = groups.get(r.source)!;
      const dst = groups.get(r.destination)!;
      const svc = services.get(r.service)!;
      for (const a of src.runs)
        for (const b of dst.runs)
          for (const p of svc.ports)
            out.push({
              family: r.family,
              protocol: svc.protocol,
              src: [addressToBigInt(a.first), addressToBigInt(a.last)],
              dst: [addressToBigInt(b.first), addressToBigInt(b.last)],
              ports: [p.start, p.end],
            });
    }
  }
  return out;
}

/** Boxes from lists of CIDR texts and port ranges (all combinations). */
export function boxesOf(
  protocol: string,
  srcs: readonly string[],
  dsts: readonly string[],
  ports: readonly (readonly [number, number])[],
): Box[] {
  const out: Box[] = [];
  for (const s of srcs)
    for (const d of dsts)
      for (const p of ports) {
        const a = cidrInterval(s);
        const b = cidrInterval(d);
        if (a.family !== b.family) continue;
        out.push({
          family: a.family,
          protocol,
          src: [a.lo, a.hi],
          dst: [b.lo, b.hi],
          ports: [p[0], p[1]],
        });
      }
  return out;
}

/**
 * The differences between what two box lists permit, exactly: both are cut along every
 * boundary either of them has, and the resulting cells compared. Empty when they permit the
 * same (source address, destination address, protocol, port) set.
 */
export function coverageDifference(a: readonly Box[], b: readonly Box[], limit = 5): string[] {
  const keyOf = (x: Box) => `${x.family}/${x.protocol}`;
  const classes = new Set([...a, ...b].map(keyOf));
  const problems: string[] = [];
  for (const cls of [...classes].sort()) {
    const A = a.filter((x) => keyOf(x) === cls);
    const B = b.filter((x) => keyOf(x) === cls);
    const cuts = (pick: (x: Box) => readonly [bigint, bigint]) => {
      const s = new Set<bigint>();
      for (const x of [...A, ...B]) {
        s.add(pick(x)[0]);
        s.add(pick(x)[1] + 1n);
      }
      return [...s].sort((p, q) => (p < q ? -1 : p > q ? 1 : 0));
    };
    const sc = cuts((x) => x.src);
    const dc = cuts((x) => x.dst);
    const pc = cuts((x) => [BigInt(x.ports[0]), BigInt(x.ports[1])]);
    const index = (list: bigint[], v: bigint) => {
      let lo = 0;
      let hi = list.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]! < v) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const cells = (boxes: Box[]) => {
      const set = new Set<string>();
      for (const x of boxes) {
        const s0 = index(sc, x.src[0]);
        const s1 = index(sc, x.src[1] + 1n);
        const d0 = index(dc, x.dst[0]);
        const d1 = index(dc, x.dst[1] + 1n);
        const p0 = index(pc, BigInt(x.ports[0]));
        const p1 = index(pc, BigInt(x.ports[1]) + 1n);
        for (let i = s0; i < s1; i++)
          for (let j = d0; j < d1; j++) for (let k = p0; k < p1; k++) set.add(`${i},${j},${k}`);
      }
      return set;
    };
    const ca = cells(A);
    const cb = cells(B);
    const describe = (cell: string, side: string) => {
      const [i, j, k] = cell.split(',').map(Number) as [number, number, number];
      return `${cls}: ${side} src ${sc[i]}..${sc[i + 1]! - 1n} dst ${dc[j]}..${dc[j + 1]! - 1n} port ${pc[k]}..${pc[k + 1]! - 1n}`;
    };
    for (const c of ca)
      if (!cb.has(c) && problems.length < limit) problems.push(describe(c, 'only first'));
    for (const c of cb)
      if (!ca.has(c) && problems.length < limit) problems.push(describe(c, 'only second'));
  }
  return problems;
}

// ---------------------------------------------------------------- Cisco ASA

/** Reads Portolan's ASA configuration (and delta) into permitted boxes. */
export function readAsa(...texts: string[]): Box[] {
  const networks = new Map<string, Set<string>>();
  const services = new Map<string, { protocol: string; ports: Set<string> }>();
  const entries = new Set<string>();
  let current: { kind: 'network' | 'service'; name: string } | null = null;
  for (const text of texts) {
    for (const raw of text.split('\n')) {
      if (raw.startsWith('!') || raw.trim() === '') continue;
      if (raw.startsWith(' ')) {
        if (!current) throw new Error(`ASA: sub-command outside a group: ${raw}`);
        const line = raw.trim();
        const no = line.startsWith('no ');
        const body = no ? line.slice(3) : line;
        if (body.startsWith('description ')) continue;
        const set =
          current.kind === 'network'
            ? networks.get(current.name)!
            : services.get(current.name)!.ports;
        if (no) {
          if (!set.delete(body)) throw new Error(`ASA: no such member: ${line}`);
        } else set.add(body);
        continue;
      }
      const words = raw.split(' ');
      if (words[0] === 'object-group' && words[1] === 'network') {
        current = { kind: 'network', name: words[2]! };
        if (!networks.has(words[2]!)) networks.set(words[2]!, new Set());
      } else if (words[0] === 'object-group' && words[1] === 'service') {
        current = { kind: 'service', name: words[2]! };
        if (!services.has(words[2]!))
          services.set(words[2]!, { protocol: words[3]!, ports: new Set() });
      } else if (words[0] === 'no' && words[1] === 'object-group') {
        current = null;
        const map = words[2] === 'network' ? networks : services;
        if (!map.delete(words[3]!)) throw new Error(`ASA: no such group: ${raw}`);
        for (const e of entries)
          if (e.split(' ').includes(words[3]!)) throw new Error(`ASA: group in use: ${raw}`);
      } else if (words[0] === 'access-list' && words[2] === 'remark') {
        current = null;
      } else if (words[0] === 'access-list' && words[2] === 'extended') {
        current = null;
        entries.add(words.slice(1).join(' '));
      } else if (words[0] === 'no' && words[1] === 'access-list') {
        current = null;
        if (words[3] === 'remark') continue;
        if (!entries.delete(words.slice(2).join(' ')))
          throw new Error(`ASA: no such entry: ${raw}`);
      } else throw new Error(`ASA: unexpected line: ${raw}`);
    }
  }
  const out: Box[] = [];
  const cidrsOf = (name: string) =>
    [...(networks.get(name) ?? [])].map((m) => {
      const w = m.split(' ');
      if (w[1] === 'host') return w[2]!;
      if (w[2]?.includes('.')) return maskInterval(w[1]!, w[2]);
      return w[1]!;
    });
  for (const e of entries) {
    const w = e.split(' ');
    // NAME extended permit PROTO object-group S object-group D object-group SVC
    const [protocol, src, dst, svc] = [w[3]!, w[5]!, w[7]!, w[9]!];
    const s = services.get(svc);
    if (!s || !networks.has(src) || !networks.has(dst))
      throw new Error(`ASA: undefined group in ${e}`);
    const ports = [...s.ports].map((p) => {
      const x = p.split(' ');
      return x[1] === 'eq'
        ? ([Number(x[2]), Number(x[2])] as const)
        : ([Number(x[2]), Number(x[3])] as const);
    });
    out.push(...boxesOf(protocol, cidrsOf(src), cidrsOf(dst), ports));
  }
  return out;
}

/** Reads aclgen's `ciscoasa` output (plain entries, well-known ports by name). */
export function readAclgenAsa(text: string, portNames: ReadonlyMap<string, number>): Box[] {
  const out: Box[] = [];
  const port = (t: string) => {
    const n = /^\d+$/.test(t) ? Number(t) : portNames.get(t);
    if (n === undefined) throw new Error(`aclgen ASA: unknown port name ${t}`);
    return n;
  };
  for (const line of text.split('\n')) {
    const m = /^access-list \S+ extended permit (\S+) (.*)$/.exec(line.trim());
    if (!m) continue;
    const w = m[2]!.split(' ');
    let i = 0;
    const address = (): string => {
      const t = w[i++]!;
      if (t === 'host') return w[i++]!;
      if (t === 'any' || t === 'any4' || t === 'any6')
        throw new Error(`aclgen ASA: unexpected ${t}`);
      if (t.includes('/')) return t;
      return maskInterval(t, w[i++]!);
    };
    const src = address();
    const dst = address();
    let ports: [number, number] = [0, 65535];
    if (w[i] === 'eq') ports = [port(w[i + 1]!), port(w[i + 1]!)];
    else if (w[i] === 'range') ports = [port(w[i + 1]!), port(w[i + 2]!)];
    else throw new Error(`aclgen ASA: no destination port in ${line}`);
    out.push(...boxesOf(m[1]!, [src], [dst], [ports]));
  }
  return out;
}

// ---------------------------------------------------------------- statement trees (Junos, PAN-OS)

/** A configuration as a set of statements (token lists); `delete P` removes everything under P. */
class Statements {
  private readonly items = new Map<string, string[]>();

  set(tokens: readonly string[]): void {
    this.items.set(tokens.join(' '), [...tokens]);
  }

  delete(prefix: readonly string[]): void {
    let found = false;
    for (const [k, t] of this.items) {
      if (prefix.every((p, i) => t[i] === p)) {
        this.items.delete(k);
        found = true;
      }
    }
    if (!found) throw new Error(`delete of something absent: ${prefix.join(' ')}`);
  }

  /** Statements starting with `prefix`, the rest of each. */
  under(prefix: readonly string[]): string[][] {
    return [...this.items.values()]
      .filter((t) => prefix.every((p, i) => t[i] === p))
      .map((t) => t.slice(prefix.length));
  }
}

/** Splits a set/delete line into tokens, keeping quoted strings as one token. */
function tokens(line: string): string[] {
  const out: string[] = [];
  const re = /"[^"]*"|\[|\]|[^\s[\]"]+/g;
  for (const m of line.matchAll(re)) out.push(m[0]);
  return out;
}

/** Expands `[ a b ]` at the end into one statement per member. */
function expandList(t: readonly string[]): string[][] {
  const open = t.indexOf('[');
  if (open < 0) return [[...t]];
  const close = t.indexOf(']');
  return t.slice(open + 1, close).map((m) => [...t.slice(0, open), m]);
}

function portRange(t: string): [number, number] {
  const [a, b] = t.split('-');
  return [Number(a), Number(b ?? a)];
}

function junosBoxes(st: Statements): Box[] {
  const book = ['security', 'address-book', 'global'];
  const addresses = new Map<string, string>();
  for (const t of st.under([...book, 'address'])) if (t.length === 2) addresses.set(t[0]!, t[1]!);
  const sets = new Map<string, string[]>();
  for (const t of st.under([...book, 'address-set'])) {
    if (t[1] === 'address') sets.set(t[0]!, [...(sets.get(t[0]!) ?? []), t[2]!]);
  }
  const apps = new Map<string, { protocol?: string; port?: [number, number] }[]>();
  for (const t of st.under(['applications', 'application'])) {
    // Portolan: `app protocol tcp` / `app destination-port 22`; aclgen: `app term t1 protocol tcp destination-port 22`.
    const name = t[0]!;
    let rest = t.slice(1);
    let term = '';
    if (rest[0] === 'term') {
      term = rest[1]!;
      rest = rest.slice(2);
    }
    const list = apps.get(name) ?? [];
    let entry = list.find((e) => (e as { term?: string }).term === term);
    if (!entry) {
      entry = { term } as { protocol?: string; port?: [number, number]; term: string };
      list.push(entry);
    }
    for (let i = 0; i < rest.length; i += 2) {
      if (rest[i] === 'protocol') entry.protocol = rest[i + 1];
      if (rest[i] === 'destination-port') entry.port = portRange(rest[i + 1]!);
    }
    apps.set(name, list);
  }
  const appSets = new Map<string, string[]>();
  for (const t of st.under(['applications', 'application-set'])) {
    if (t[1] === 'application') appSets.set(t[0]!, [...(appSets.get(t[0]!) ?? []), t[2]!]);
  }
  const members = (name: string): string[] => {
    if (addresses.has(name)) return [addresses.get(name)!];
    const set = sets.get(name);
    if (!set) throw new Error(`Junos: undefined address ${name}`);
    return set.flatMap(members);
  };
  const services = (name: string): { protocol: string; port: [number, number] }[] => {
    if (apps.has(name))
      return apps.get(name)!.map((e) => {
        if (!e.protocol || !e.port) throw new Error(`Junos: incomplete application ${name}`);
        return { protocol: e.protocol, port: e.port };
      });
    const set = appSets.get(name);
    if (!set) throw new Error(`Junos: undefined application ${name}`);
    return set.flatMap(services);
  };
  const policies = new Map<
    string,
    { src: string[]; dst: string[]; app: string[]; permit: boolean }
  >();
  for (const t of st.under(['security', 'policies', 'from-zone'])) {
    // A to-zone B policy N match source-address S …
    const key = `${t[0]} ${t[2]} ${t[4]}`;
    const p = policies.get(key) ?? { src: [], dst: [], app: [], permit: false };
    const rest = t.slice(5);
    if (rest[0] === 'match' && rest[1] === 'source-address') p.src.push(rest[2]!);
    if (rest[0] === 'match' && rest[1] === 'destination-address') p.dst.push(rest[2]!);
    if (rest[0] === 'match' && rest[1] === 'application') p.app.push(rest[2]!);
    if (rest[0] === 'then' && rest[1] === 'permit') p.permit = true;
    policies.set(key, p);
  }
  const out: Box[] = [];
  for (const [key, p] of policies) {
    if (!p.permit) continue;
    if (!p.src.length || !p.dst.length || !p.app.length)
      throw new Error(`Junos: incomplete policy ${key}`);
    const srcs = p.src.flatMap(members);
    const dsts = p.dst.flatMap(members);
    for (const s of p.app.flatMap(services)) out.push(...boxesOf(s.protocol, srcs, dsts, [s.port]));
  }
  return out;
}

/** Reads Portolan's Junos set commands (and deltas) into permitted boxes. */
export function readJunos(...texts: string[]): Box[] {
  const st = new Statements();
  for (const text of texts) {
    for (const line of text.split('\n')) {
      if (line.startsWith('#') || line.trim() === '') continue;
      const t = tokens(line);
      if (t[0] === 'set') st.set(t.slice(1));
      else if (t[0] === 'delete') st.delete(t.slice(1));
      else throw new Error(`Junos: unexpected line: ${line}`);
    }
  }
  return junosBoxes(st);
}

/** Reads aclgen's `srx` output (curly-brace configuration) into permitted boxes. */
export function readAclgenSrx(text: string): Box[] {
  const clean = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/replace:/g, ' ');
  const tok = clean.match(/"[^"]*"|[{};[\]]|[^\s{};[\]"]+/g) ?? [];
  const st = new Statements();
  const stack: string[][] = [];
  let current: string[] = [];
  for (const t of tok) {
    if (t === '{') {
      // The words before `{` prefix every statement inside the block.
      stack.push(current);
      current = [];
    } else if (t === '}') {
      stack.pop();
      current = [];
    } else if (t === ';') {
      for (const s of expandList([...stack.flat(), ...current])) st.set(s);
      current = [];
    } else current.push(t);
  }
  return junosBoxes(st);
}

function panosBoxes(st: Statements): Box[] {
  const addresses = new Map<string, string>();
  for (const t of st.under(['address'])) if (t[1] === 'ip-netmask') addresses.set(t[0]!, t[2]!);
  const groups = new Map<string, string[]>();
  for (const t of st.under(['address-group']))
    if (t[1] === 'static') groups.set(t[0]!, [...(groups.get(t[0]!) ?? []), t[2]!]);
  const services = new Map<string, { protocol?: string; ports?: [number, number][] }>();
  for (const t of st.under(['service'])) {
    const s = services.get(t[0]!) ?? {};
    if (t[1] === 'protocol') {
      s.protocol = t[2];
      if (t[3] === 'port') s.ports = t[4]!.split(',').map(portRange);
    }
    services.set(t[0]!, s);
  }
  const serviceGroups = new Map<string, string[]>();
  for (const t of st.under(['service-group']))
    if (t[1] === 'members') serviceGroups.set(t[0]!, [...(serviceGroups.get(t[0]!) ?? []), t[2]!]);
  const rules = new Map<string, Map<string, string[]>>();
  for (const t of st.under(['rulebase', 'security', 'rules'])) {
    const r = rules.get(t[0]!) ?? new Map<string, string[]>();
    r.set(t[1]!, [...(r.get(t[1]!) ?? []), t[2]!]);
    rules.set(t[0]!, r);
  }
  const members = (n: string): string[] => {
    if (addresses.has(n)) return [addresses.get(n)!];
    const g = groups.get(n);
    if (!g) throw new Error(`PAN-OS: undefined address ${n}`);
    return g.flatMap(members);
  };
  const ports = (n: string): { protocol: string; ports: [number, number][] }[] => {
    const s = services.get(n);
    if (s) {
      if (!s.protocol || !s.ports) throw new Error(`PAN-OS: incomplete service ${n}`);
      return [{ protocol: s.protocol, ports: s.ports }];
    }
    const g = serviceGroups.get(n);
    if (!g) throw new Error(`PAN-OS: undefined service ${n}`);
    return g.flatMap(ports);
  };
  const out: Box[] = [];
  for (const [name, r] of rules) {
    if (r.get('action')?.[0] !== 'allow') continue;
    if (r.get('application')?.[0] !== 'any')
      throw new Error(`PAN-OS: rule ${name} limits applications`);
    const srcs = (r.get('source') ?? []).flatMap(members);
    const dsts = (r.get('destination') ?? []).flatMap(members);
    for (const s of (r.get('service') ?? []).flatMap(ports))
      out.push(...boxesOf(s.protocol, srcs, dsts, s.ports));
  }
  return out;
}

/** Reads Portolan's PAN-OS set commands (and deltas) into permitted boxes. */
export function readPanos(...texts: string[]): Box[] {
  const st = new Statements();
  const RULE_KEYS = new Set([
    'from',
    'to',
    'source',
    'destination',
    'application',
    'service',
    'action',
    'description',
  ]);
  for (const text of texts) {
    for (const line of text.split('\n')) {
      if (line.startsWith('#') || line.trim() === '') continue;
      const t = tokens(line);
      const verb = t[0];
      const rest = t.slice(1);
      if (verb === 'delete') {
        st.delete(rest);
        continue;
      }
      if (verb !== 'set') throw new Error(`PAN-OS: unexpected line: ${line}`);
      if (rest[0] === 'rulebase') {
        // set rulebase security rules N key value [key value…]
        const head = rest.slice(0, 4);
        const pairs = rest.slice(4);
        for (let i = 0; i < pairs.length;) {
          const key = pairs[i]!;
          if (!RULE_KEYS.has(key)) throw new Error(`PAN-OS: unknown rule attribute ${key}`);
          let j = i + 1;
          const values: string[] = [];
          if (pairs[j] === '[') {
            j++;
            while (pairs[j] !== ']') values.push(pairs[j++]!);
            j++;
          } else values.push(pairs[j++]!);
          for (const v of values) st.set([...head, key, v]);
          i = j;
        }
        continue;
      }
      for (const s of expandList(rest)) st.set(s);
    }
  }
  return panosBoxes(st);
}

/** Reads aclgen's `paloalto` XML output into permitted boxes. */
export function readAclgenPanos(xml: string): Box[] {
  const st = new Statements();
  const section = (name: string) => {
    const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
    return m ? m[1]! : '';
  };
  const entries = (text: string) =>
    [...text.matchAll(/<entry name="([^"]+)">([\s\S]*?)<\/entry>/g)].map(
      (m) => [m[1]!, m[2]!] as const,
    );
  const members = (text: string, tag: string) => {
    const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(text);
    return m ? [...m[1]!.matchAll(/<member>([^<]+)<\/member>/g)].map((x) => x[1]!) : [];
  };
  for (const [name, body] of entries(section('address'))) {
    const m = /<ip-netmask>([^<]+)<\/ip-netmask>/.exec(body);
    if (m) st.set(['address', name, 'ip-netmask', m[1]!]);
  }
  for (const [name, body] of entries(section('address-group')))
    for (const m of members(body, 'static')) st.set(['address-group', name, 'static', m]);
  for (const [name, body] of entries(section('service'))) {
    const m = /<(tcp|udp)>\s*<port>([^<]+)<\/port>/.exec(body);
    if (m) st.set(['service', name, 'protocol', m[1]!, 'port', m[2]!]);
  }
  const rulesXml = /<security>\s*<rules>([\s\S]*?)<\/rules>\s*<\/security>/.exec(xml)?.[1] ?? '';
  for (const [name, body] of entries(rulesXml)) {
    const head = ['rulebase', 'security', 'rules', name];
    for (const tag of ['source', 'destination', 'service', 'application'])
      for (const m of members(body, tag)) st.set([...head, tag, m]);
    const action = /<action>([^<]+)<\/action>/.exec(body)?.[1];
    if (action) st.set([...head, 'action', action]);
  }
  return panosBoxes(st);
}

// ---------------------------------------------------------------- FortiGate

/** Reads Portolan's FortiOS configuration (and deltas) into permitted boxes. */
export function readFortigate(...texts: string[]): Box[] {
  const sections = new Map<string, Map<string, Map<string, string[]>>>();
  for (const text of texts) {
    let section: Map<string, Map<string, string[]>> | null = null;
    let entry: Map<string, string[]> | null = null;
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line.startsWith('#') || line === '') continue;
      const t = tokens(line).map((x) => x.replace(/^"|"$/g, ''));
      if (t[0] === 'config') {
        const name = t.slice(1).join(' ');
        section = sections.get(name) ?? new Map();
        sections.set(name, section);
      } else if (t[0] === 'end') section = null;
      else if (t[0] === 'edit') {
        if (!section) throw new Error(`FortiOS: edit outside config: ${line}`);
        entry = section.get(t[1]!) ?? new Map();
        section.set(t[1]!, entry);
      } else if (t[0] === 'next') entry = null;
      else if (t[0] === 'delete') {
        if (!section?.delete(t[1]!))
          throw new Error(`FortiOS: delete of something absent: ${line}`);
      } else if (t[0] === 'set' || t[0] === 'append' || t[0] === 'unselect') {
        if (!entry) throw new Error(`FortiOS: ${t[0]} outside edit: ${line}`);
        const key = t[1]!;
        const values = t.slice(2);
        if (t[0] === 'set') entry.set(key, values);
        else if (t[0] === 'append') entry.set(key, [...(entry.get(key) ?? []), ...values]);
        else {
          const before = entry.get(key) ?? [];
          for (const v of values)
            if (!before.includes(v)) throw new Error(`FortiOS: unselect of absent ${v}`);
          entry.set(
            key,
            before.filter((v) => !values.includes(v)),
          );
        }
      } else throw new Error(`FortiOS: unexpected line: ${line}`);
    }
  }
  const get = (s: string) => sections.get(s) ?? new Map<string, Map<string, string[]>>();
  const address = (name: string, six: boolean): string[] => {
    const a = get(six ? 'firewall address6' : 'firewall address').get(name);
    if (a) {
      const v = six ? a.get('ip6') : a.get('subnet');
      if (!v) throw new Error(`FortiOS: address ${name} without a value`);
      return [six ? v[0]! : maskInterval(v[0]!, v[1]!)];
    }
    const g = get(six ? 'firewall addrgrp6' : 'firewall addrgrp').get(name);
    if (!g) throw new Error(`FortiOS: undefined address ${name}`);
    return (g.get('member') ?? []).flatMap((m) => address(m, six));
  };
  const service = (name: string): { protocol: string; port: [number, number] }[] => {
    const c = get('firewall service custom').get(name);
    if (c) {
      const out: { protocol: string; port: [number, number] }[] = [];
      for (const protocol of ['tcp', 'udp'])
        for (const p of c.get(`${protocol}-portrange`) ?? [])
          out.push({ protocol, port: portRange(p) });
      return out;
    }
    const g = get('firewall service group').get(name);
    if (!g) throw new Error(`FortiOS: undefined service ${name}`);
    return (g.get('member') ?? []).flatMap(service);
  };
  const out: Box[] = [];
  for (const [id, p] of get('firewall policy')) {
    if (p.get('action')?.[0] !== 'accept') continue;
    const six = p.has('srcaddr6');
    const srcs = (p.get(six ? 'srcaddr6' : 'srcaddr') ?? []).flatMap((n) => address(n, six));
    const dsts = (p.get(six ? 'dstaddr6' : 'dstaddr') ?? []).flatMap((n) => address(n, six));
    if (!srcs.length || !dsts.length) throw new Error(`FortiOS: policy ${id} without addresses`);
    for (const s of (p.get('service') ?? []).flatMap(service))
      out.push(...boxesOf(s.protocol, srcs, dsts, [s.port]));
  }
  return out;
}
