// Applies the generated nftables and iptables rules (restrict and allow-only) inside network namespaces built from the distributed sample.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFlows, getCatalog, parsePlanText } from '../index';
import type { PortRange } from '../catalog/types';
import type { ExportFile } from './exporter';
import type { Plan } from '../plan/types';
import { buildModel, hostPolicy } from './model';
import { checkBash } from './check-bash';
import { iptables } from './iptables';
import { nftables } from './nftables';

const isRoot = process.getuid?.() === 0;
const hasNetns = spawnSync('ip', ['netns', 'list']).status === 0;
const reason = !isRoot ? 'not running as root' : !hasNetns ? '"ip netns" is unavailable' : '';
if (reason) console.warn(`netns.test.ts skipped: ${reason}; the namespace proof did not run.`);

/** Unique per run, so parallel runs never touch each other's namespaces. */
const PREFIX = `ptl-${process.pid}-`;
const BRIDGE = `${PREFIX}br`;
/** Documentation ranges only; no default route, so nothing can leave the namespaces. */
const ONLINK = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'];
/** Ports no flow of the sample needs on most hosts; the ones a host needs are dropped from its sample. */
const UNNEEDED = [
  22, 23, 80, 443, 445, 2499, 2500, 3300, 3301, 3389, 6160, 8006, 8080, 10006, 19000, 19001,
];
const OPEN_TIMEOUT = 3000;
const BLOCKED_TIMEOUT = 1200;

const text = readFileSync(
  join(__dirname, '../../resources/samples/distributed.portolan.json'),
  'utf8',
);
const loaded = parsePlanText(text);
if (!loaded.ok) throw new Error('distributed sample does not load');
const plan = loaded.plan;
const catalog = getCatalog(plan.catalog);
const result = computeFlows(plan, catalog);
/** The sample as is: infrastructure hosts restrict, protected guests allow-only. */
const input = { plan, catalog, result, options: {} };
const model = buildModel(input);
/** The same plan with every host set to restrict: the files alone must refuse what no flow needs. */
const restrictPlan: Plan = {
  ...plan,
  nodes: plan.nodes.map((n) => ({ ...n, options: { ...n.options, firewallPolicy: 'restrict' } })),
};
const restrictInput = {
  plan: restrictPlan,
  catalog,
  result: computeFlows(restrictPlan, catalog),
  options: {},
};

const hosts = plan.nodes.filter((n) => n.addresses.length > 0);
const nsOf = new Map(hosts.map((n, i) => [n.id, `${PREFIX}${i}`]));
/** Hosts that get a Linux host file (Proxmox VE servers get none: pve-firewall owns them). */
const linux = new Set(nftables.render(input).files.map((f) => f.node!));
/** Of those, the hosts that are allow-only by default (the sample's Linux guests). */
const allowOnly = new Set(
  [...linux].filter((id) => hostPolicy(model.hosts.get(id)!).policy === 'allow-only'),
);
const addressOf = (id: string) => model.hosts.get(id)!.connectTargets[0]!;

function ip(...args: string[]): void {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
}

function inNs(
  ns: string,
  cmd: string,
  args: string[],
  stdin?: string,
): { status: number | null; out: string } {
  const r = spawnSync('ip', ['netns', 'exec', ns, cmd, ...args], {
    input: stdin,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function samplePorts(r: PortRange): number[] {
  if (r.start === r.end) return [r.start];
  return [...new Set([r.start, Math.floor((r.start + r.end) / 2), r.end])];
}

interface Probe {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly expect: 'open' | 'blocked';
  readonly why: string;
}

/** Needed: every merged flow into a Linux host. Blocked: unneeded ports, and needed ports from a source without that flow. */
function planProbes(): Probe[] {
  const probes: Probe[] = [];
  for (const to of linux) {
    if (!nsOf.has(to)) continue;
    // TCP only: a connect proves a TCP path; UDP flows (later editions) need another probe.
    const inbound = model.inbound(to).filter((m) => nsOf.has(m.from) && m.protocol === 'tcp');
    const needed = new Set<number>();
    for (const m of inbound) {
      for (const r of m.ports)
        for (const p of samplePorts(r)) {
          needed.add(p);
          probes.push({
            from: m.from,
            to,
            port: p,
            expect: 'open',
            why: m.flows.map((f) => f.rule).join(','),
          });
        }
    }
    const allowed = (from: string, port: number) =>
      inbound.some((m) => m.from === from && m.ports.some((r) => port >= r.start && port <= r.end));
    const anySource = inbound[0]?.from ?? hosts.find((h) => h.id !== to)!.id;
    for (const port of UNNEEDED) {
      if (
        !allowed(anySource, port) &&
        !inbound.some((m) => m.ports.some((r) => port >= r.start && port <= r.end))
      ) {
        probes.push({
          from: anySource,
          to,
          port,
          expect: 'blocked',
          why: 'no flow needs this port',
        });
      }
    }
    // A needed port from a host that has no flow to this destination: source restriction.
    for (const m of inbound.slice(0, 2)) {
      const port = m.ports[0]!.start;
      const stranger = hosts.find((h) => h.id !== to && !allowed(h.id, port));
      if (stranger)
        probes.push({
          from: stranger.id,
          to,
          port,
          expect: 'blocked',
          why: `only ${m.from} may reach it`,
        });
    }
  }
  return probes;
}

const LISTENER = `
const net = require('net');
const ports = JSON.parse(process.argv[1]);
let ready = 0;
for (const p of ports) {
  const s = net.createServer((c) => c.end());
  s.on('error', (e) => { console.error('listen ' + p + ': ' + e.message); process.exit(1); });
  s.listen(p, '0.0.0.0', () => { if (++ready === ports.length) console.log('ready'); });
}`;

const CLIENT = `
const net = require('net');
const probes = JSON.parse(process.argv[1]);
Promise.all(probes.map((p) => new Promise((done) => {
  const s = net.connect({ host: p.host, port: p.port });
  const t = setTimeout(() => { s.destroy(); done('timeout'); }, p.timeout);
  s.on('connect', () => { clearTimeout(t); s.destroy(); done('open'); });
  s.on('error', (e) => { clearTimeout(t); done(e.code || 'error'); });
}))).then((r) => console.log(JSON.stringify(r)));`;

const listeners: ChildProcess[] = [];
let work = '';

function removeNamespaces(): void {
  const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const line of list.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const m = /^ptl-(\d+)-/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
    // Ours, or left behind by a run whose process is gone.
    if (pid === process.pid || !alive) spawnSync('ip', ['netns', 'del', name]);
  }
}

function buildNetwork(): void {
  ip('netns', 'add', BRIDGE);
  ip('-n', BRIDGE, 'link', 'add', 'br0', 'type', 'bridge');
  ip('-n', BRIDGE, 'link', 'set', 'br0', 'up');
  hosts.forEach((n, i) => {
    const ns = nsOf.get(n.id)!;
    ip('netns', 'add', ns);
    ip('-n', BRIDGE, 'link', 'add', `v${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    ip('-n', BRIDGE, 'link', 'set', `v${i}`, 'master', 'br0', 'up');
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'link', 'set', 'eth0', 'up');
    for (const a of model.hosts.get(n.id)!.connectTargets)
      ip('-n', ns, 'addr', 'add', `${a}/32`, 'dev', 'eth0');
    for (const net of ONLINK) ip('-n', ns, 'route', 'add', net, 'dev', 'eth0');
  });
}

async function startListeners(
  probes: readonly Probe[],
  extra: ReadonlyMap<string, Set<number>>,
): Promise<void> {
  const ports = new Map<string, Set<number>>();
  for (const p of probes) ports.set(p.to, (ports.get(p.to) ?? new Set()).add(p.port));
  for (const [id, set] of extra)
    for (const p of set) ports.set(id, (ports.get(id) ?? new Set()).add(p));
  await Promise.all(
    [...ports].map(
      ([id, set]) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn('ip', [
            'netns',
            'exec',
            nsOf.get(id)!,
            process.execPath,
            '-e',
            LISTENER,
            JSON.stringify([...set]),
          ]);
          listeners.push(child);
          let out = '';
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.includes('ready')) resolve();
          });
          child.stderr.on('data', (d: Buffer) =>
            reject(new Error(`listener ${id}: ${d.toString()}`)),
          );
          child.on('exit', (code) => reject(new Error(`listener ${id} exited ${code}`)));
        }),
    ),
  );
}

/** Runs every probe, one client process per source namespace, all in parallel. */
async function runProbes(probes: readonly Probe[], blockedTimeout: number): Promise<string[]> {
  const bySource = new Map<string, number[]>();
  probes.forEach((p, i) => bySource.set(p.from, [...(bySource.get(p.from) ?? []), i]));
  const outcome: string[] = new Array(probes.length).fill('');
  await Promise.all(
    [...bySource].map(
      ([from, idx]) =>
        new Promise<void>((resolve, reject) => {
          const list = idx.map((i) => ({
            host: addressOf(probes[i]!.to),
            port: probes[i]!.port,
            timeout: probes[i]!.expect === 'open' ? OPEN_TIMEOUT : blockedTimeout,
          }));
          const child = spawn('ip', [
            'netns',
            'exec',
            nsOf.get(from)!,
            process.execPath,
            '-e',
            CLIENT,
            JSON.stringify(list),
          ]);
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.on('exit', () => {
            try {
              const r = JSON.parse(out) as string[];
              idx.forEach((i, k) => (outcome[i] = r[k]!));
              resolve();
            } catch (e) {
              reject(e instanceof Error ? e : new Error(String(e)));
            }
          });
        }),
    ),
  );
  return outcome;
}

function failures(probes: readonly Probe[], outcome: readonly string[]): string[] {
  return probes
    .map((p, i) => ({ p, o: outcome[i]! }))
    .filter(({ p, o }) => (p.expect === 'open' ? o !== 'open' : o === 'open'))
    .map(({ p, o }) => `${p.from} -> ${p.to}:${p.port} expected ${p.expect}, got ${o} (${p.why})`);
}

function applyToLinuxHosts(
  files: readonly ExportFile[],
  apply: (ns: string, f: ExportFile) => void,
): number {
  let count = 0;
  for (const f of files) {
    const ns = f.node ? nsOf.get(f.node) : undefined;
    if (!ns) continue;
    apply(ns, f);
    count++;
  }
  return count;
}

/** An administrator's own nftables ruleset that drops what it does not allow. */
const NFT_BASELINE = `table inet filter {
\tchain input {
\t\ttype filter hook input priority filter; policy drop;
\t\tiif "lo" accept
\t\tct state established,related accept
\t}
}
`;

/** An administrator's own iptables ruleset: INPUT policy DROP, loopback and replies allowed. */
const IPTABLES_BASELINE = `*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
COMMIT
`;

/** The commands a file's header tells the administrator to run (comment lines "#   cmd"). */
function documentedCommands(content: string): string[] {
  return content
    .split('\n')
    .filter((l) => l.startsWith('#   '))
    .map((l) => l.slice(4));
}

function clearFirewalls(): void {
  for (const id of linux) {
    const ns = nsOf.get(id);
    if (ns) inNs(ns, 'nft', ['flush', 'ruleset']);
  }
}

describe.skipIf(Boolean(reason))(
  'generated rules inside network namespaces (distributed sample)',
  () => {
    const probes = planProbes();
    const open = probes.filter((p) => p.expect === 'open');
    const blocked = probes.filter((p) => p.expect === 'blocked');

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'ptl-netns-'));
      removeNamespaces();
      try {
        buildNetwork();
        // Destinations of the check scripts (Windows hosts too) listen on the ports the checks probe.
        const extra = new Map<string, Set<number>>();
        for (const m of model.merged) {
          if (!nsOf.has(m.to)) continue;
          for (const r of m.ports) extra.set(m.to, (extra.get(m.to) ?? new Set()).add(r.start));
        }
        await startListeners(probes, extra);
      } catch (error) {
        cleanup();
        throw error;
      }
    }, 60_000);

    function cleanup(): void {
      for (const child of listeners) child.kill('SIGKILL');
      listeners.length = 0;
      removeNamespaces();
      if (work) rmSync(work, { recursive: true, force: true });
    }
    afterAll(cleanup);

    it('without rules every probed port is open (the listeners are real)', async () => {
      // Proxmox VE servers get no Linux host file (pve-firewall owns them), so they are no probe
      // destinations; the workers, repository, FLR helper and Linux guests remain.
      expect(open.length).toBeGreaterThan(30);
      expect(blocked.length).toBeGreaterThan(40);
      expect(linux.size).toBe(9);
      expect(allowOnly.size).toBe(4);
      const outcome = await runProbes(probes, OPEN_TIMEOUT);
      expect(outcome.filter((o) => o !== 'open')).toEqual([]);
    });

    it('nftables restrict: every required flow connects, other ports and other sources are dropped', async () => {
      const files = nftables.render(restrictInput).files;
      const applied = applyToLinuxHosts(files, (ns, f) => {
        const path = join(work, f.name);
        writeFileSync(path, f.content);
        const r = inNs(ns, 'nft', ['-f', path]);
        expect(r.status, `${f.name}: ${r.out}`).toBe(0);
      });
      expect(applied).toBe(linux.size);
      const outcome = await runProbes(probes, BLOCKED_TIMEOUT);
      expect(failures(probes, outcome)).toEqual([]);
      console.info(
        `netns/nftables: ${applied} hosts, ${open.length} required flow ports connected, ${blocked.length} unneeded ports or sources blocked`,
      );
    });

    it('the generated bash checks pass from every Linux source while the nftables rules are on', () => {
      let lines = 0;
      for (const f of checkBash.render(input).files) {
        const ns = nsOf.get(f.node!)!;
        const path = join(work, f.name);
        writeFileSync(path, f.content);
        const r = inNs(ns, 'bash', [path, '--timeout', '2']);
        for (const line of r.out.split('\n').filter((l) => /^(PASS|FAIL|SKIP) /.test(l))) {
          lines++;
          // The update repository is known by host name only and there is no DNS in here.
          if (line.includes('repository.veeam.com')) expect(line).toMatch(/^FAIL /);
          else expect(line, f.name).toMatch(/^PASS /);
        }
        expect(r.out).toMatch(/\d+ passed, \d+ failed, 0 skipped/);
        expect(r.status, f.name).toBe(r.out.includes('repository.veeam.com') ? 1 : 0);
      }
      expect(lines).toBeGreaterThan(10);
    });

    it('iptables restrict: the same flows connect and the same probes are blocked', async () => {
      clearFirewalls();
      const files = iptables.render(restrictInput).files;
      expect(files.every((f) => f.name.endsWith('.rules.v4'))).toBe(true);
      const applied = applyToLinuxHosts(files, (ns, f) => {
        const r = inNs(ns, 'iptables-restore', [], f.content);
        expect(r.status, `${f.name}: ${r.out}`).toBe(0);
      });
      expect(applied).toBe(linux.size);
      const outcome = await runProbes(probes, BLOCKED_TIMEOUT);
      expect(failures(probes, outcome)).toEqual([]);
      console.info(
        `netns/iptables: ${applied} hosts, ${open.length} connected, ${blocked.length} blocked`,
      );
    });

    it('nftables allow-only: with a drop-all baseline, the documented jump opens exactly the flows; re-applying keeps one jump', async () => {
      clearFirewalls();
      const files = nftables.render(input).files;
      let allowOnlyFiles = 0;
      const applied = applyToLinuxHosts(files, (ns, f) => {
        const path = join(work, f.name);
        writeFileSync(path, f.content);
        if (!allowOnly.has(f.node!)) {
          const r = inNs(ns, 'nft', ['-f', path]);
          expect(r.status, `${f.name}: ${r.out}`).toBe(0);
          return;
        }
        allowOnlyFiles++;
        // The administrator's own ruleset, in the table the file writes into: drop the rest.
        let r = inNs(ns, 'nft', ['-f', '-'], NFT_BASELINE);
        expect(r.status, r.out).toBe(0);
        r = inNs(ns, 'nft', ['-f', path]);
        expect(r.status, `${f.name}: ${r.out}`).toBe(0);
        for (const cmd of documentedCommands(f.content)) {
          r = inNs(ns, 'sh', ['-c', cmd]);
          expect(r.status, `${f.name}: ${cmd}: ${r.out}`).toBe(0);
        }
        // Re-applying the file with the jump in place refreshes the chain, no duplicates.
        r = inNs(ns, 'nft', ['-f', path]);
        expect(r.status, `${f.name} again: ${r.out}`).toBe(0);
        const listed = inNs(ns, 'nft', ['list', 'table', 'inet', 'filter']).out;
        expect(listed.match(/jump portolan_in/g)?.length, f.name).toBe(1);
        expect(listed.match(/ accept comment /g)?.length, f.name).toBe(
          f.content.match(/ accept comment /g)?.length,
        );
        expect(listed).toContain('policy drop;');
      });
      expect(applied).toBe(linux.size);
      expect(allowOnlyFiles).toBe(allowOnly.size);
      const outcome = await runProbes(probes, BLOCKED_TIMEOUT);
      expect(failures(probes, outcome)).toEqual([]);
      console.info(
        `netns/nftables allow-only: ${allowOnly.size} allow-only hosts behind a drop baseline, ${open.length} connected, ${blocked.length} blocked`,
      );
    });

    it('iptables allow-only: --noflush next to a "-P INPUT DROP" baseline opens exactly the flows; re-applying keeps one jump', async () => {
      clearFirewalls();
      const files = iptables.render(input).files;
      let allowOnlyFiles = 0;
      const applied = applyToLinuxHosts(files, (ns, f) => {
        if (!allowOnly.has(f.node!)) {
          const r = inNs(ns, 'iptables-restore', [], f.content);
          expect(r.status, `${f.name}: ${r.out}`).toBe(0);
          return;
        }
        allowOnlyFiles++;
        let r = inNs(ns, 'iptables-restore', [], IPTABLES_BASELINE);
        expect(r.status, r.out).toBe(0);
        const path = join(work, f.name);
        writeFileSync(path, f.content);
        const commands = documentedCommands(f.content);
        expect(commands[0]).toBe(`iptables-restore --noflush < ${f.name}`);
        // The documented apply commands, twice: the file must be re-appliable.
        for (let run = 0; run < 2; run++) {
          for (const cmd of commands) {
            r = inNs(ns, 'sh', ['-c', `cd '${work}' && ${cmd}`]);
            expect(r.status, `${f.name}: ${cmd}: ${r.out}`).toBe(0);
          }
        }
        const rules = inNs(ns, 'iptables', ['-S', 'INPUT']).out;
        expect(rules.match(/-j PORTOLAN-IN/g)?.length, f.name).toBe(1);
        expect(rules.split('\n')[0]).toBe('-P INPUT DROP');
        expect(rules.split('\n')[1]).toBe('-A INPUT -j PORTOLAN-IN');
        expect(rules).toContain('-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
        const chain = inNs(ns, 'iptables', ['-S', 'PORTOLAN-IN']).out;
        expect(chain.match(/^-A PORTOLAN-IN /gm)?.length, f.name).toBe(
          f.content.match(/^-A PORTOLAN-IN /gm)?.length,
        );
      });
      expect(applied).toBe(linux.size);
      expect(allowOnlyFiles).toBe(allowOnly.size);
      const outcome = await runProbes(probes, BLOCKED_TIMEOUT);
      expect(failures(probes, outcome)).toEqual([]);
      console.info(
        `netns/iptables allow-only: ${allowOnly.size} allow-only hosts behind -P INPUT DROP, ${open.length} connected, ${blocked.length} blocked, one jump after two applies`,
      );
    });

    it('allow-only files alone change no policy: without a baseline, unneeded ports stay open', async () => {
      clearFirewalls();
      const files = iptables.render(input).files.filter((f) => allowOnly.has(f.node!));
      expect(files.length).toBe(allowOnly.size);
      for (const f of files) {
        const ns = nsOf.get(f.node!)!;
        const path = join(work, f.name);
        writeFileSync(path, f.content);
        for (const cmd of documentedCommands(f.content)) {
          const r = inNs(ns, 'sh', ['-c', `cd '${work}' && ${cmd}`]);
          expect(r.status, `${f.name}: ${cmd}: ${r.out}`).toBe(0);
        }
      }
      const mine = probes.filter((p) => allowOnly.has(p.to));
      expect(mine.some((p) => p.expect === 'blocked')).toBe(true);
      const outcome = await runProbes(mine, OPEN_TIMEOUT);
      expect(outcome.filter((o) => o !== 'open')).toEqual([]);
    });
  },
);
