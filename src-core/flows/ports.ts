// Port ranges: parsing "N" / "N-M", formatting, and coalescing into sorted disjoint sets.
import type { PortRange } from '../catalog/types';
import { sortStable } from '../util/arrays';

const PORT_TEXT = /^(\d{1,5})(?:-(\d{1,5}))?$/;

/** True for an integer port 1-65535. */
export function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** Parses "22" or "2500-3300" (1-65535, start ≤ end, no spaces); null when invalid. */
export function parsePorts(s: string): PortRange | null {
  const m = PORT_TEXT.exec(s);
  if (!m) return null;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (!isPort(start) || !isPort(end) || start > end) return null;
  return { start, end };
}

/** "22" for a single port, "2500-3300" for a range. */
export function formatPorts(r: PortRange): string {
  return r.start === r.end ? String(r.start) : `${r.start}-${r.end}`;
}

/** Sorts and merges overlapping or adjacent ranges: the smallest equivalent list. */
export function coalescePorts(ranges: Iterable<PortRange>): PortRange[] {
  const sorted = sortStable([...ranges], (a, b) => a.start - b.start || a.end - b.end);
  const out: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end + 1) {
      if (r.end > last.end) last.end = r.end;
    } else {
      out.push({ start: r.start, end: r.end });
    }
  }
  return out;
}

/** True when two ranges share at least one port. */
export function portsOverlap(a: PortRange, b: PortRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}
