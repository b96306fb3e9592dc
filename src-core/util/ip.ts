// IPv4/IPv6 address and CIDR parsing for plans, on top of ipaddr.js.
import ipaddr from 'ipaddr.js';
import { appendAll } from './arrays';

/** A parsed address or network: the address and its prefix length (32/128 for a host). */
export interface ParsedAddress {
  readonly kind: 'ipv4' | 'ipv6';
  readonly address: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefix: number;
  /** True when the text carried a "/prefix". */
  readonly cidr: boolean;
  /** Canonical text: dotted quad or RFC 5952 IPv6, with "/prefix" when given. */
  readonly canonical: string;
}

const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

function parseHost(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  // Only plain dotted-quad IPv4 without leading zeros: ipaddr.js also accepts "0x7f.1",
  // "10.1" or octal-looking forms that firewall tools read differently. Parsed here directly
  // (ipaddr's general parser is the slow path of validating large plans).
  const quad = DOTTED_QUAD.exec(text);
  if (quad) {
    const octets = [quad[1], quad[2], quad[3], quad[4]].map(Number);
    return octets.every((o) => o <= 255) ? new ipaddr.IPv4(octets) : null;
  }
  // Zone ids ("%eth0") are refused: they are host-local and would reach scripts verbatim.
  if (text.includes('.') && !text.includes(':')) return null;
  if (text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text)) {
    return ipaddr.IPv6.parse(text);
  }
  return null;
}

function canonicalHost(a: ipaddr.IPv4 | ipaddr.IPv6): string {
  return a.kind() === 'ipv6' ? (a as ipaddr.IPv6).toRFC5952String() : a.toString();
}

/** Parsed addresses by text: plans are re-validated on every edit, and addresses rarely change. */
const cache = new Map<string, ParsedAddress | null>();
const CACHE_LIMIT = 100_000;

/** Parses "192.0.2.10", "2001:db8::1", "192.0.2.0/24" or "2001:db8::/32"; null when invalid. */
export function parseAddress(text: string): ParsedAddress | null {
  let parsed = cache.get(text);
  if (parsed === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    parsed = parseUncached(text);
    cache.set(text, parsed);
  }
  return parsed;
}

function parseUncached(text: string): ParsedAddress | null {
  const slash = text.indexOf('/');
  const hostText = slash < 0 ? text : text.slice(0, slash);
  let address = parseHost(hostText);
  if (!address) return null;
  let kind = address.kind();
  const max = kind === 'ipv4' ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText)) return null;
    prefix = Number(prefixText);
    if (prefix > max) return null;
  }
  // An IPv4-mapped IPv6 address (::ffff:192.0.2.1) is that IPv4 host on the wire: it is
  // normalised to IPv4, so it lands in the IPv4 rules and counts as a duplicate of the IPv4
  // form. A network reaching outside the mapped range (prefix below 96) stays IPv6.
  if (kind === 'ipv6' && prefix >= 96 && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
    kind = 'ipv4';
    prefix -= 96;
  }
  const cidr = slash >= 0;
  const canonical = canonicalHost(address) + (cidr ? `/${prefix}` : '');
  return { kind, address, prefix, cidr, canonical };
}

/** Parses a network in CIDR notation only ("192.0.2.0/24"); null when invalid. */
export function parseCidr(text: string): ParsedAddress | null {
  const parsed = parseAddress(text);
  return parsed && parsed.cidr ? parsed : null;
}

/** True when every address of `inner` lies inside the network `outer` (same family). */
export function networkContains(outer: ParsedAddress, inner: ParsedAddress): boolean {
  if (outer.kind !== inner.kind || inner.prefix < outer.prefix) return false;
  return inner.address.match(outer.address, outer.prefix);
}

/** The network a CIDR lies in, canonical ("192.0.2.30/24" → "192.0.2.0/24"). */
export function networkOf(p: ParsedAddress): string {
  const bytes = p.address.toByteArray();
  let bits = p.prefix;
  const masked = bytes.map((b) => {
    const keep = Math.max(0, Math.min(8, bits));
    bits -= 8;
    return keep === 0 ? 0 : b & (0xff << (8 - keep)) & 0xff;
  });
  const network = ipaddr.fromByteArray(masked);
  return `${canonicalHost(network)}/${p.prefix}`;
}

/** How many addresses a parsed address or network covers, as text ("256", "2^64"). */
export function addressCount(p: ParsedAddress): string {
  const hostBits = (p.kind === 'ipv4' ? 32 : 128) - p.prefix;
  return hostBits <= 32 ? String(2 ** hostBits) : `2^${hostBits}`;
}

/** An inclusive address range `A-B` of one family (group nodes), first ≤ last. */
export interface ParsedRange {
  readonly kind: 'ipv4' | 'ipv6';
  readonly first: ipaddr.IPv4 | ipaddr.IPv6;
  readonly last: ipaddr.IPv4 | ipaddr.IPv6;
  /** Canonical text "first-last" (RFC 5952 for IPv6). */
  readonly canonical: string;
}

/** One entry of a node's address list: a host, a CIDR network, or a range. */
export type AddressEntry =
  ({ readonly form: 'address' } & ParsedAddress) | ({ readonly form: 'range' } & ParsedRange);

/** The address as an unsigned integer (32 or 128 bits). */
export function addressValue(a: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  let n = 0n;
  for (const byte of a.toByteArray()) n = (n << 8n) | BigInt(byte);
  return n;
}

/** The address of `kind` whose integer value is `n`. */
export function addressFromValue(kind: 'ipv4' | 'ipv6', n: bigint): ipaddr.IPv4 | ipaddr.IPv6 {
  const length = kind === 'ipv4' ? 4 : 16;
  const bytes: number[] = new Array<number>(length);
  let rest = n;
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return ipaddr.fromByteArray(bytes);
}

/** Parses "192.0.2.100-192.0.2.139" (both ends plain hosts of one family, first ≤ last). */
export function parseRange(text: string): ParsedRange | null {
  const dash = text.indexOf('-');
  if (dash <= 0 || text.indexOf('-', dash + 1) >= 0) return null;
  const a = parseAddress(text.slice(0, dash));
  const b = parseAddress(text.slice(dash + 1));
  if (!a || !b || a.cidr || b.cidr || a.kind !== b.kind) return null;
  if (addressValue(a.address) > addressValue(b.address)) return null;
  return {
    kind: a.kind,
    first: a.address,
    last: b.address,
    canonical: `${a.canonical}-${b.canonical}`,
  };
}

/** Parses any address-list entry: host, CIDR or range; null when invalid. */
export function parseAddressEntry(text: string): AddressEntry | null {
  if (text.includes('-')) {
    const range = parseRange(text);
    return range ? { form: 'range', ...range } : null;
  }
  const parsed = parseAddress(text);
  return parsed ? { form: 'address', ...parsed } : null;
}

/** First and last address (as integers) an entry covers. */
export function entryBounds(e: AddressEntry): { first: bigint; last: bigint } {
  if (e.form === 'range') return { first: addressValue(e.first), last: addressValue(e.last) };
  const bits = BigInt((e.kind === 'ipv4' ? 32 : 128) - e.prefix);
  const first = (addressValue(e.address) >> bits) << bits;
  return { first, last: first + (1n << bits) - 1n };
}

/** How many addresses an entry covers, as a number (may be huge for IPv6 networks). */
export function entrySize(e: AddressEntry): bigint {
  const { first, last } = entryBounds(e);
  return last - first + 1n;
}

/**
 * The smallest list of CIDR blocks covering exactly first…last, in order; single hosts are
 * written without a prefix ("192.0.2.7"). For targets whose address sets take no ranges.
 */
export function rangeToCidrs(kind: 'ipv4' | 'ipv6', first: bigint, last: bigint): string[] {
  const width = kind === 'ipv4' ? 32 : 128;
  const out: string[] = [];
  let start = first;
  while (start <= last) {
    // Largest block aligned at `start` that does not pass `last`.
    let bits = 0;
    while (bits < width) {
      const size = 1n << BigInt(bits + 1);
      if (start % size !== 0n || start + size - 1n > last) break;
      bits++;
    }
    const host = canonicalHost(addressFromValue(kind, start));
    out.push(bits === 0 ? host : `${host}/${width - bits}`);
    start += 1n << BigInt(bits);
  }
  return out;
}

/** An entry as CIDR text: hosts and networks unchanged (canonical), ranges split into blocks. */
export function entryToCidrs(e: AddressEntry): string[] {
  if (e.form === 'address') return [e.canonical];
  return rangeToCidrs(e.kind, addressValue(e.first), addressValue(e.last));
}

/** Canonical text of an address-list entry; ranges split into CIDRs. Invalid text is dropped. */
export function cidrsOf(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    const e = parseAddressEntry(text);
    if (e) appendAll(out, entryToCidrs(e));
  }
  return out;
}

/** True when `inner` (host, network or range) lies inside the network `outer`. */
export function networkContainsEntry(outer: ParsedAddress, inner: AddressEntry): boolean {
  if (inner.form === 'address') return networkContains(outer, inner);
  if (outer.kind !== inner.kind) return false;
  return (
    inner.first.match(outer.address, outer.prefix) && inner.last.match(outer.address, outer.prefix)
  );
}

/**
 * Up to `limit` host addresses of the entries, in order: every one when they fit, else an even
 * sample that keeps the first and last of the whole list. `total` counts them all (as text,
 * since an IPv6 network is astronomically large). Network and broadcast addresses of IPv4
 * networks shorter than /31 are not hosts and are skipped.
 */
export function sampleHosts(
  entries: readonly AddressEntry[],
  limit: number,
): { hosts: string[]; total: bigint } {
  const spans = entries.map((e) => {
    let { first, last } = entryBounds(e);
    if (e.form === 'address' && e.kind === 'ipv4' && e.prefix < 31) {
      first += 1n;
      last -= 1n;
    }
    return { kind: e.kind, first, last };
  });
  const total = spans.reduce((sum, s) => sum + (s.last - s.first + 1n), 0n);
  const take = BigInt(Math.max(0, Math.floor(limit)));
  const wanted: bigint[] = [];
  if (total <= take) for (let i = 0n; i < total; i++) wanted.push(i);
  else if (take === 1n) wanted.push(0n);
  else if (take > 1n) {
    for (let i = 0n; i < take; i++) wanted.push((i * (total - 1n)) / (take - 1n));
  }
  const hosts: string[] = [];
  let offset = 0n;
  let w = 0;
  for (const s of spans) {
    const size = s.last - s.first + 1n;
    while (w < wanted.length && wanted[w]! < offset + size) {
      hosts.push(canonicalHost(addressFromValue(s.kind, s.first + wanted[w]! - offset)));
      w++;
    }
    offset += size;
  }
  return { hosts, total };
}

/** A run of addresses of one family as integers, inclusive. */
export interface IntegerRun {
  readonly kind: 'ipv4' | 'ipv6';
  readonly first: bigint;
  readonly last: bigint;
}

/** Entries as sorted, merged runs per family (IPv4 first); overlapping and adjacent ones join. */
export function mergeRuns(entries: readonly AddressEntry[]): IntegerRun[] {
  const out: { kind: 'ipv4' | 'ipv6'; first: bigint; last: bigint }[] = [];
  for (const kind of ['ipv4', 'ipv6'] as const) {
    const spans = entries
      .filter((e) => e.kind === kind)
      .map(entryBounds)
      .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    for (const s of spans) {
      const last = out[out.length - 1];
      if (last && last.kind === kind && s.first <= last.last + 1n) {
        if (s.last > last.last) last.last = s.last;
      } else out.push({ kind, first: s.first, last: s.last });
    }
  }
  return out;
}

/** A run as text: a host, a CIDR when it is exactly one block, else "first-last". */
export function runText(run: IntegerRun): string {
  if (run.first === run.last) return canonicalHost(addressFromValue(run.kind, run.first));
  const blocks = rangeToCidrs(run.kind, run.first, run.last);
  if (blocks.length === 1) return blocks[0]!;
  const a = canonicalHost(addressFromValue(run.kind, run.first));
  const b = canonicalHost(addressFromValue(run.kind, run.last));
  return `${a}-${b}`;
}

/** A run as the entry it denotes (for sampling hosts). */
export function runEntry(run: IntegerRun): AddressEntry {
  const text = runText(run);
  return parseAddressEntry(text)!;
}

/**
 * What C's `inet_aton` (glibc) reads `text` as, as a dotted quad, or null when it reads no
 * address. Resolvers (`getaddrinfo`, `ping`, `curl`, `nc`) try it before DNS, so a "host
 * name" it accepts is an address: `010.0.0.1` is 8.0.0.1, `0x7f000001` is 127.0.0.1, `1.2.3`
 * is 1.2.0.3 and `4294967295` is 255.255.255.255. Parts are decimal, octal (leading 0) or
 * hex (0x); the last part fills the remaining bytes; trailing white space is ignored.
 */
export function inetAton(text: string): string | null {
  const parts: number[] = [];
  let i = 0;
  const at = (k: number) => (k < text.length ? text[k]! : '');
  const isDigit = (c: string) => c >= '0' && c <= '9';
  let value = 0;
  for (;;) {
    let c = at(i);
    if (!isDigit(c)) return null;
    let base = 10;
    let digit = false;
    value = 0;
    if (c === '0') {
      c = at(++i);
      if (c === 'x' || c === 'X') {
        base = 16;
        c = at(++i);
      } else {
        base = 8;
        digit = true;
      }
    }
    for (;;) {
      const hex = base === 16 && /^[0-9a-fA-F]$/.test(c);
      if (!isDigit(c) && !hex) break;
      if (base === 8 && (c === '8' || c === '9')) return null;
      value = value * base + parseInt(c, 16);
      if (value > 0xffffffff) return null;
      digit = true;
      c = at(++i);
    }
    if (!digit) return null;
    if (c !== '.') break;
    if (parts.length > 2 || value > 0xff) return null;
    parts.push(value);
    i++;
  }
  // glibc accepts anything after white space ("1.2.3.4 junk"); nothing else may follow.
  const rest = text.slice(i);
  if (rest !== '' && !/^[ \t\n\v\f\r]/.test(rest)) return null;
  const max = [0xffffffff, 0xffffff, 0xffff, 0xff][parts.length]!;
  if (value > max) return null;
  let word = value;
  parts.forEach((p, k) => (word += p * 2 ** (24 - 8 * k)));
  return [24, 16, 8, 0].map((shift) => Math.floor(word / 2 ** shift) % 256).join('.');
}
