// Address runs: node addresses (hosts, CIDRs, ranges `A-B`) as merged inclusive intervals, and their compact forms.
import ipaddr from 'ipaddr.js';
import { sortStable } from '../util/arrays';
import { type ParsedAddress, parseAddress } from '../util/ip';
import type { AddressRun, IpFamily } from './types';

/** A run as numbers, for merging and comparing (IPv4 fits in a bigint as well as IPv6). */
export interface NumericRun {
  readonly family: IpFamily;
  readonly lo: bigint;
  readonly hi: bigint;
}

const BITS: Readonly<Record<IpFamily, number>> = { 4: 32, 6: 128 };

function toBigInt(bytes: readonly number[]): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/** The number of a parsed address; an IPv4 one from its octets in plain arithmetic. */
function numberOf(parsed: ParsedAddress): bigint {
  if (parsed.kind === 'ipv4') {
    const [a, b, c, d] = (parsed.address as ipaddr.IPv4).octets as [number, number, number, number];
    return BigInt(((a * 256 + b) * 256 + c) * 256 + d);
  }
  return toBigInt(parsed.address.toByteArray());
}

/** Canonical text of an address number: dotted quad, or RFC 5952 IPv6. */
export function addressText(family: IpFamily, n: bigint): string {
  if (family === 4) {
    // ipaddr's IPv4 text is the four octets in decimal joined by dots; building it directly
    // avoids a byte array and an address object per run end (thousands per large policy).
    const v = Number(n);
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  const bytes: number[] = [];
  for (let i = BITS[family] / 8 - 1; i >= 0; i--) bytes.push(Number((n >> BigInt(i * 8)) & 0xffn));
  const address = ipaddr.fromByteArray(bytes);
  return family === 6 ? (address as ipaddr.IPv6).toRFC5952String() : address.toString();
}

/** The number of an address in canonical (or any valid) text; null when it is not one address. */
export function addressNumber(text: string): { family: IpFamily; n: bigint } | null {
  const parsed = parseAddress(text);
  if (!parsed || parsed.cidr) return null;
  return { family: parsed.kind === 'ipv4' ? 4 : 6, n: numberOf(parsed) };
}

/**
 * The run of one address text: a host (`192.0.2.10`), a network (`192.0.2.0/28`, host bits
 * ignored as firewalls do) or a range of one family (`192.0.2.10-192.0.2.20`, first ≤ last).
 * Null when the text is none of these.
 */
export function parseRun(text: string): NumericRun | null {
  const trimmed = text.trim();
  const dash = trimmed.indexOf('-');
  if (dash >= 0) {
    const a = addressNumber(trimmed.slice(0, dash).trim());
    const b = addressNumber(trimmed.slice(dash + 1).trim());
    if (!a || !b || a.family !== b.family || a.n > b.n) return null;
    return { family: a.family, lo: a.n, hi: b.n };
  }
  const parsed = parseAddress(trimmed);
  if (!parsed) return null;
  const family: IpFamily = parsed.kind === 'ipv4' ? 4 : 6;
  const n = numberOf(parsed);
  const hostBits = BigInt(BITS[family] - parsed.prefix);
  const size = 1n << hostBits;
  const lo = (n >> hostBits) << hostBits;
  return { family, lo, hi: lo + size - 1n };
}

/** Sorts and merges overlapping or adjacent runs of one family. */
export function mergeRuns(runs: readonly NumericRun[]): NumericRun[] {
  const sorted = sortStable([...runs], (a, b) =>
    a.family !== b.family ? a.family - b.family : a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0,
  );
  const out: { family: IpFamily; lo: bigint; hi: bigint }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.family === r.family && r.lo <= last.hi + 1n) {
      if (r.hi > last.hi) last.hi = r.hi;
    } else {
      out.push({ family: r.family, lo: r.lo, hi: r.hi });
    }
  }
  return out;
}

/** The contract's text form of a numeric run. */
export function toAddressRun(r: NumericRun): AddressRun {
  return {
    family: r.family,
    first: addressText(r.family, r.lo),
    last: addressText(r.family, r.hi),
  };
}

/** The numeric form of a run (its texts are canonical addresses by construction). */
export function numericRun(run: AddressRun): NumericRun {
  const first = addressNumber(run.first);
  const last = addressNumber(run.last);
  if (!first || !last) throw new Error(`Not an address run: ${run.first}-${run.last}`);
  return { family: run.family, lo: first.n, hi: last.n };
}

/**
 * The run as the fewest CIDR blocks, in order (`192.0.2.0/28`, `192.0.2.16/30`…): for targets
 * that only take networks (Capirca, address books). A host is one `/32` or `/128` block.
 */
export function runToCidrs(run: AddressRun): string[] {
  const { family, lo, hi } = numericRun(run);
  const bits = BITS[family];
  const out: string[] = [];
  let start = lo;
  while (start <= hi) {
    // Largest block aligned at `start` that does not pass `hi`.
    let size = 0;
    while (size < bits) {
      const next = BigInt(size + 1);
      if ((start >> next) << next !== start || start + (1n << next) - 1n > hi) break;
      size++;
    }
    out.push(`${addressText(family, start)}/${bits - size}`);
    start += 1n << BigInt(size);
  }
  return out;
}

/** Prefix length when the run is exactly one CIDR block, else null. */
export function runPrefix(run: AddressRun): number | null {
  const cidrs = runToCidrs(run);
  return cidrs.length === 1 ? Number(cidrs[0]!.split('/')[1]) : null;
}

/** Compact text of a run: `192.0.2.10`, `192.0.2.0/28`, or `192.0.2.10-192.0.2.20`. */
export function formatRun(run: AddressRun): string {
  if (run.first === run.last) return run.first;
  const prefix = runPrefix(run);
  return prefix === null ? `${run.first}-${run.last}` : `${run.first}/${prefix}`;
}

/** Number of addresses of a run. */
export function runSize(run: AddressRun): bigint {
  const { lo, hi } = numericRun(run);
  return hi - lo + 1n;
}
