// What a connection's line says about its flows: which way the main traffic goes (arrowheads) and
// the ports it opens (label count and hover text). Shared by the canvas and the report diagram.
import type { Flow } from '../flows/types';
import { coalescePorts, formatPorts } from '../flows/ports';
import type { PlanConnection } from '../plan/types';

/** Which end(s) of a connection get an arrowhead. */
export type EdgeDirection = 'forward' | 'backward' | 'both' | 'none';

/** Summary of the flows of one connection. */
export interface EdgeSummary {
  /** Flows from the connection's `from` node to its `to` node. */
  readonly forward: number;
  /** Flows from `to` to `from`. */
  readonly backward: number;
  /**
   * Arrowheads: at `to` when most flows go from → to, at `from` when most go the other way, at
   * both ends when the counts are equal, none without flows.
   */
  readonly direction: EdgeDirection;
  /** Ports opened per protocol and direction, e.g. "→ tcp 443, 2500-3300", sorted. */
  readonly ports: readonly string[];
  /** Number of distinct (protocol, port range) pairs after coalescing, for the label. */
  readonly portCount: number;
}

function portsLine(arrow: string, flows: readonly Flow[]): { lines: string[]; count: number } {
  const byProto = new Map<string, Flow['ports'][]>();
  for (const f of flows) {
    const list = byProto.get(f.protocol);
    if (list) list.push(f.ports);
    else byProto.set(f.protocol, [f.ports]);
  }
  const lines: string[] = [];
  let count = 0;
  for (const proto of [...byProto.keys()].sort()) {
    const ranges = coalescePorts(byProto.get(proto) ?? []);
    count += ranges.length;
    lines.push(`${arrow} ${proto} ${ranges.map(formatPorts).join(', ')}`);
  }
  return { lines, count };
}

/** Summarise the flows of a connection (flows of other connections are ignored). */
export function summariseEdge(c: PlanConnection, flows: readonly Flow[]): EdgeSummary {
  const fwd: Flow[] = [];
  const back: Flow[] = [];
  for (const f of flows) {
    if (f.connection !== c.id) continue;
    if (f.from === c.from && f.to === c.to) fwd.push(f);
    else if (f.from === c.to && f.to === c.from) back.push(f);
  }
  const direction: EdgeDirection =
    fwd.length === 0 && back.length === 0
      ? 'none'
      : fwd.length > back.length
        ? 'forward'
        : back.length > fwd.length
          ? 'backward'
          : 'both';
  const a = portsLine('→', fwd);
  const b = portsLine('←', back);
  return {
    forward: fwd.length,
    backward: back.length,
    direction,
    ports: [...a.lines, ...b.lines],
    portCount: a.count + b.count,
  };
}
