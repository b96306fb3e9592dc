// Applies the generated nftables and iptables rules (restrict and allow-only) inside network namespaces built from the distributed sample.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFlows, getCatalog, parsePlanText } from '../index';
import type { PortRange } from '../catalog/types';
import type { ExportFile } from './exporter';
import type { Plan } from '../plan/types';
import { ACLGEN_MISSING, runAclgen } from './__fixtures__/aclgen-tool';
import { capirca } from './capirca';
import { buildModel, hostPolicy } from './model';
import { checkBash } from './check-bash';
import { FIREWALLD_ZONE, firewalld } from './firewalld';
import { iptables } from './iptables';
import { nftables } from './nftables';
import { ufw } from './ufw';

const isRoot = process.getuid?.() === 0;
const hasNetns = spawnSync('ip', ['netns', 'list']).status === 0;
const reason = !isRoot ? 'not running as root' : !hasNetns ? '"ip netns" is unavailable' : '';
if (reason) console.warn(`netns.test.ts skipped: ${reason}; the namespace proof did not run.`);
const has = (path: string) => existsSync(path);
const firewalldReason = reason
  ? reason
  : !has('/usr/sbin/firewalld') || !has('/usr/bin/firewall-cmd')
    ? 'firewalld is not installed (.ci/run installs it)'
    : !has('/usr/bin/dbus-daemon')
      ? 'dbus-daemon is not installed (.ci/run installs dbus)'
      : spawnSync('unshare', ['-m', '--propagation', 'private', 'true']).status !== 0
        ? '"unshare -m" is not permitted here (no private mount namespace for a copy of /etc/firewalld)'
        : '';
const ufwReason = reason
  ? reason
  : !has('/usr/sbin/ufw')
    ? 'ufw is not installed (.ci/run installs it)'
    : spawnSync('unshare', ['-m', '--propagation', 'private', 'true']).status !== 0
      ? '"unshare -m" is not permitted here (no private mount namespace for a copy of /etc/ufw)'
      : '';
if (!reason && firewalldReason)
  console.warn(`netns.test.ts: firewalld part skipped: ${firewalldReason}.`);
if (!reason && ufwReason) console.warn(`netns.test.ts: ufw part skipped: ${ufwReason}.`);

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

/** A command's outcome. */
interface Ran {
  readonly status: number | null;
  readonly out: string;
}

function runAsync(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: env ?? process.env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (e) => resolve({ status: null, out: `${out}${e.message}` }));
    // 'close', not 'exit': output can still be in the pipes when the process exits.
    child.on('close', (status) => resolve({ status, out }));
  });
}

let rootCounter = 0;

/**
 * A host's private copy of configuration folders: `enter.sh` bind-mounts the copies over the
 * real folders and runs its arguments in the host's network namespace. It is run under
 * `unshare -m --propagation private`, so the mounts (and everything the tools write through
 * them) stay in that mount namespace: the machine's own /etc is never written.
 */
function privateRoot(ns: string, folders: readonly string[]): { dir: string; enter: string[] } {
  const dir = join(work, `root-${ns}-${rootCounter++}`);
  mkdirSync(dir);
  const mounts = folders.map((folder, i) => {
    const copy = join(dir, `f${i}`);
    cpSync(folder, copy, { recursive: true });
    return `mount --bind '${copy}' '${folder}'`;
  });
  writeFileSync(
    join(dir, 'enter.sh'),
    ['set -e', ...mounts, `exec ip netns exec '${ns}' "$@"`, ''].join('\n'),
  );
  return {
    dir,
    enter: ['-m', '--propagation', 'private', 'sh', join(dir, 'enter.sh')],
  };
}

async function waitFor(what: string, test: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One firewalld per host: its own dbus-daemon, its own copy of /etc/firewalld, in the host's namespace. */
interface Firewalld {
  readonly id: string;
  readonly ns: string;
  readonly env: NodeJS.ProcessEnv;
  readonly procs: ChildProcess[];
  /** firewall-cmd talking to this host's firewalld (through its private bus). */
  cmd(args: readonly string[]): Ran;
  /** A command inside the host's namespace, with this firewalld's bus. */
  run(cmd: string, args: readonly string[]): Promise<Ran>;
}

const BUS_CONFIG = (
  socket: string,
) => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="root"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
`;

async function startFirewalld(id: string): Promise<Firewalld> {
  const ns = nsOf.get(id)!;
  const { dir, enter } = privateRoot(ns, ['/etc/firewalld']);
  const socket = join(dir, 'bus');
  writeFileSync(join(dir, 'bus.conf'), BUS_CONFIG(socket));
  const procs: ChildProcess[] = [];
  const bus = spawn('dbus-daemon', [
    '--config-file',
    join(dir, 'bus.conf'),
    '--nofork',
    '--nopidfile',
  ]);
  procs.push(bus);
  await waitFor(`the bus of ${id}`, () => existsSync(socket), 10_000);
  const env = { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${socket}` };
  const log: string[] = [];
  const daemon = spawn(
    'unshare',
    [...enter, 'firewalld', '--nofork', '--nopid', '--log-target', 'console'],
    { env },
  );
  daemon.stdout.on('data', (d: Buffer) => log.push(d.toString()));
  daemon.stderr.on('data', (d: Buffer) => log.push(d.toString()));
  // Stopped first (its exit removes its nftables table), then the bus.
  procs.unshift(daemon);
  const cmd = (args: readonly string[]): Ran => {
    const r = spawnSync('firewall-cmd', args, { env, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  };
  try {
    await waitFor(`firewalld of ${id}`, () => cmd(['--state']).out.trim() === 'running', 90_000);
  } catch (e) {
    throw new Error(`${String(e)}; firewalld said: ${log.join('').slice(-2000)}`);
  }
  return {
    id,
    ns,
    env,
    procs,
    cmd,
    run: (c, args) => runAsync('ip', ['netns', 'exec', ns, c, ...args], env),
  };
}

async function stopAll(procs: ChildProcess[]): Promise<void> {
  for (const p of procs) {
    if (p.exitCode !== null || p.signalCode !== null) continue;
    const done = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGTERM');
    await Promise.race([done, new Promise((r) => setTimeout(r, 15_000))]);
    if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  }
}

/** TCP ports the services of a firewalld zone open (e.g. ssh in "public"). */
function zoneServicePorts(fw: Firewalld, zone: string): Set<number> {
  const ports = new Set<number>();
  for (const service of fw.cmd(['--zone', zone, '--list-services']).out.trim().split(/\s+/)) {
    if (!service) continue;
    for (const p of fw
      .cmd(['--permanent', `--service=${service}`, '--get-ports'])
      .out.split(/\s+/)) {
      const m = /^(\d+)(?:-(\d+))?\/tcp$/.exec(p);
      if (!m) continue;
      for (let n = Number(m[1]); n <= Number(m[2] ?? m[1]); n++) ports.add(n);
    }
  }
  return ports;
}

const zoneOf = (id: string) => plan.nodes.find((n) => n.id === id)?.zone ?? '';

/**
 * Probes of the network firewalls between the sample's zones: every cross-zone flow's ports
 * (first, middle, last of a range) must connect; from another zone, unneeded ports and needed
 * ports from a host without that flow must not. Flows inside a zone never cross a firewall.
 */
function networkProbePlan(): Probe[] {
  const out: Probe[] = [];
  const cross = model.merged.filter(
    (m) =>
      nsOf.has(m.from) && nsOf.has(m.to) && m.protocol === 'tcp' && zoneOf(m.from) !== zoneOf(m.to),
  );
  const allowed = (from: string, to: string, port: number) =>
    cross.some(
      (m) =>
        m.from === from && m.to === to && m.ports.some((r) => port >= r.start && port <= r.end),
    );
  for (const m of cross) {
    for (const r of m.ports)
      for (const port of samplePorts(r))
        out.push({ from: m.from, to: m.to, port, expect: 'open', why: m.flows[0]!.rule });
  }
  for (const to of new Set(cross.map((m) => m.to))) {
    const from = cross.find((m) => m.to === to)!.from;
    for (const port of UNNEEDED)
      if (!allowed(from, to, port))
        out.push({ from, to, port, expect: 'blocked', why: 'no flow from there needs this port' });
    const first = cross.find((m) => m.to === to)!;
    const stranger = hosts.find(
      (h) => zoneOf(h.id) !== zoneOf(to) && !allowed(h.id, to, first.ports[0]!.start),
    );
    if (stranger)
      out.push({
        from: stranger.id,
        to,
        port: first.ports[0]!.start,
        expect: 'blocked',
        why: `only ${first.from} may reach it`,
      });
  }
  return out;
}
const networkProbes = networkProbePlan();

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
        // The network-firewall probes (any host type: the firewall sits in front of all of them).
        for (const p of networkProbes) extra.set(p.to, (extra.get(p.to) ?? new Set()).add(p.port));
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

    it('nftables allow-only on a host without an input chain: the documented commands create it (policy accept) and add one jump', async () => {
      clearFirewalls();
      const files = nftables.render(input).files.filter((f) => allowOnly.has(f.node!));
      expect(files.length).toBe(allowOnly.size);
      for (const f of files) {
        const ns = nsOf.get(f.node!)!;
        const path = join(work, f.name);
        writeFileSync(path, f.content);
        let r = inNs(ns, 'nft', ['-f', path]);
        expect(r.status, `${f.name}: ${r.out}`).toBe(0);
        expect(inNs(ns, 'nft', ['list', 'chain', 'inet', 'filter', 'input']).status).not.toBe(0);
        for (let run = 0; run < 2; run++) {
          for (const cmd of documentedCommands(f.content)) {
            r = inNs(ns, 'sh', ['-c', cmd]);
            expect(r.status, `${f.name}: ${cmd}: ${r.out}`).toBe(0);
          }
        }
        const listed = inNs(ns, 'nft', ['list', 'chain', 'inet', 'filter', 'input']).out;
        expect(listed).toContain('type filter hook input priority filter; policy accept;');
        expect(listed.match(/jump portolan_in/g)?.length, f.name).toBe(1);
      }
      const mine = probes.filter((p) => allowOnly.has(p.to) && p.expect === 'open');
      const outcome = await runProbes(mine, OPEN_TIMEOUT);
      expect(failures(mine, outcome)).toEqual([]);
    });

    it.skipIf(Boolean(firewalldReason))(
      'firewalld restrict, applied by a real firewalld per host: a DROP zone of its own; asks before the one reload; re-runs keep runtime-only rules and remove rules the plan no longer lists; flows connect, the rest (SSH included) is dropped',
      async () => {
        clearFirewalls();
        const files = firewalld.render(restrictInput).files.filter((f) => nsOf.has(f.node!));
        expect(files.length).toBe(linux.size);
        const started = Date.now();
        const daemons = await Promise.all(files.map((f) => startFirewalld(f.node!)));
        for (const d of daemons) listeners.push(...d.procs);
        const startup = Date.now() - started;
        try {
          await Promise.all(
            files.map(async (f, i) => {
              const fw = daemons[i]!;
              const path = join(work, f.name);
              writeFileSync(path, f.content);
              // Every firewall-cmd call starts Python (slow on a shared machine): the whole
              // protocol on the first host, the applying run on every host.
              const first = i === 0;
              let r: Ran;
              if (first) {
                // The zone is new, a reload is needed: the script asks and changes nothing.
                r = await fw.run('bash', [path]);
                expect(r.status, `${f.name}: ${r.out}`).toBe(3);
                expect(r.out).toContain('Nothing was changed. Re-run with --reload');
                expect(fw.cmd(['--permanent', '--get-zones']).out.split(/\s+/)).not.toContain(
                  FIREWALLD_ZONE,
                );
              }
              r = await fw.run('bash', [path, '--reload']);
              expect(r.status, `${f.name}: ${r.out}`).toBe(0);
              expect(r.out).toMatch(/interface eth0: zone .* -> portolan; undo: firewall-cmd /);
              if (first) {
                // A runtime-only change made by hand: the next run must not reload it away.
                expect(fw.cmd(['--zone=trusted', '--add-source=192.0.2.254']).status).toBe(0);
                r = await fw.run('bash', [path]);
                expect(r.status, `${f.name} again: ${r.out}`).toBe(0);
                expect(fw.cmd(['--zone=trusted', '--query-source=192.0.2.254']).status).toBe(0);
                // A rule an earlier version of the plan added and this one no longer lists:
                // the next run removes it, runtime and permanent (and keeps every rule it lists:
                // the counts below).
                const stale =
                  'rule family="ipv4" source address="192.0.2.253" port port="9999" protocol="tcp" accept';
                for (const where of [[], ['--permanent']]) {
                  const add = [...where, `--zone=${FIREWALLD_ZONE}`, `--add-rich-rule=${stale}`];
                  expect(fw.cmd(add).status).toBe(0);
                }
                r = await fw.run('bash', [path]);
                expect(r.status, `${f.name} after a plan change: ${r.out}`).toBe(0);
                for (const where of [[], ['--permanent']]) {
                  const query = [
                    ...where,
                    `--zone=${FIREWALLD_ZONE}`,
                    `--query-rich-rule=${stale}`,
                  ];
                  expect(
                    fw.cmd(query).status,
                    `stale rule still in ${where.join('') || 'runtime'}`,
                  ).not.toBe(0);
                }
              }
              expect(fw.cmd(['--get-zone-of-interface=eth0']).out.trim()).toBe(FIREWALLD_ZONE);
              expect(
                fw.cmd(['--permanent', `--zone=${FIREWALLD_ZONE}`, '--get-target']).out.trim(),
              ).toBe('DROP');
              const runtime = fw.cmd([`--zone=${FIREWALLD_ZONE}`, '--list-rich-rules']).out;
              const permanent = fw.cmd([
                '--permanent',
                `--zone=${FIREWALLD_ZONE}`,
                '--list-rich-rules',
              ]).out;
              expect(runtime.trim().split('\n').sort()).toEqual(
                permanent.trim().split('\n').sort(),
              );
              expect(runtime.trim().split('\n').length).toBe(
                f.content.match(/^ {2}printf /gm)!.length,
              );
            }),
          );
          const applied = Date.now() - started - startup;
          const outcome = await runProbes(probes, BLOCKED_TIMEOUT);
          expect(failures(probes, outcome)).toEqual([]);
          console.info(
            `netns/firewalld restrict: scripts applied in ${applied} ms; ${daemons.length} firewalld daemons (started in ${startup} ms, shared machine), ${open.length} connected, ${blocked.length} dropped (SSH included unless a flow needs it)`,
          );
        } finally {
          await stopAll(daemons.flatMap((d) => d.procs));
        }
      },
      600_000,
    );

    it.skipIf(Boolean(firewalldReason))(
      'firewalld allow-only, applied by a real firewalld per host: rules in the default zone, runtime and permanent, no reload (runtime-only rules stay); flows connect, the zone refuses the rest',
      async () => {
        clearFirewalls();
        const files = firewalld
          .render(input)
          .files.filter((f) => nsOf.has(f.node!) && allowOnly.has(f.node!));
        expect(files.length).toBe(allowOnly.size);
        const daemons = await Promise.all(files.map((f) => startFirewalld(f.node!)));
        for (const d of daemons) listeners.push(...d.procs);
        try {
          const servicePorts = new Map<string, Set<number>>();
          await Promise.all(
            files.map(async (f, i) => {
              const fw = daemons[i]!;
              const zone = fw.cmd(['--get-default-zone']).out.trim();
              servicePorts.set(f.node!, zoneServicePorts(fw, zone));
              expect(fw.cmd([`--zone=${zone}`, '--add-port=7777/tcp']).status).toBe(0);
              const path = join(work, f.name);
              writeFileSync(path, f.content);
              for (let run = 0; run < 2; run++) {
                const r = await fw.run('bash', [path]);
                expect(r.status, `${f.name}: ${r.out}`).toBe(0);
              }
              expect(fw.cmd([`--zone=${zone}`, '--query-port=7777/tcp']).status).toBe(0);
              expect(
                fw.cmd(['--permanent', `--zone=${zone}`, '--query-port=7777/tcp']).status,
              ).not.toBe(0);
              const permanent = fw.cmd(['--permanent', `--zone=${zone}`, '--list-rich-rules']).out;
              expect(permanent.trim().split('\n').length).toBe(
                f.content.match(/^ {2}printf /gm)!.length,
              );
            }),
          );
          // The zone's own services (ssh in "public") stay open: allow-only changes nothing else.
          const mine = probes.filter(
            (p) =>
              allowOnly.has(p.to) &&
              !(p.expect === 'blocked' && servicePorts.get(p.to)!.has(p.port)),
          );
          expect(mine.some((p) => p.expect === 'blocked')).toBe(true);
          const outcome = await runProbes(mine, BLOCKED_TIMEOUT);
          expect(failures(mine, outcome)).toEqual([]);
          console.info(
            `netns/firewalld allow-only: ${daemons.length} firewalld daemons, ${mine.length} probes as expected`,
          );
        } finally {
          await stopAll(daemons.flatMap((d) => d.procs));
        }
      },
      600_000,
    );

    it.skipIf(Boolean(ufwReason))(
      'ufw restrict, applied by the real ufw per host (private copies of /etc/ufw, /lib/ufw, /etc/default): flows connect, the rest is denied',
      async () => {
        clearFirewalls();
        const own =
          readFileSync('/etc/ufw/user.rules', 'utf8') + readFileSync('/etc/ufw/ufw.conf', 'utf8');
        const files = ufw.render(restrictInput).files.filter((f) => nsOf.has(f.node!));
        expect(files.length).toBe(linux.size);
        await Promise.all(
          files.map(async (f) => {
            const ns = nsOf.get(f.node!)!;
            const root = privateRoot(ns, ['/etc/ufw', '/lib/ufw', '/etc/default']);
            // Quiet and contained: no kernel log lines for every refused probe, no sysctl run.
            const conf = join(root.dir, 'f0', 'ufw.conf');
            writeFileSync(
              conf,
              readFileSync(conf, 'utf8').replace(/^LOGLEVEL=.*$/m, 'LOGLEVEL=off'),
            );
            writeFileSync(join(root.dir, 'f0', 'sysctl.conf'), '');
            const path = join(work, f.name);
            writeFileSync(path, f.content);
            let r = await runAsync('unshare', [...root.enter, 'bash', path]);
            expect(r.status, `${f.name}: ${r.out}`).toBe(0);
            // The header's next step: review, then enable.
            r = await runAsync('unshare', [...root.enter, 'ufw', '--force', 'enable']);
            expect(r.status, `${f.name}: enable: ${r.out}`).toBe(0);
            r = await runAsync('unshare', [...root.enter, 'ufw', 'status']);
            expect(r.out).toContain('Status: active');
            expect(r.out.match(/ ALLOW /g)?.length ?? 0).toBeGreaterThanOrEqual(
              f.content.match(/^ufw allow /gm)!.length,
            );
          }),
        );
        const outcome = await runProbes(probes, BLOCKED_TIMEOUT);
        expect(failures(probes, outcome)).toEqual([]);
        // The machine's own ufw configuration is untouched.
        expect(
          readFileSync('/etc/ufw/user.rules', 'utf8') + readFileSync('/etc/ufw/ufw.conf', 'utf8'),
        ).toBe(own);
        console.info(
          `netns/ufw: ${files.length} hosts, ${open.length} connected, ${blocked.length} denied`,
        );
      },
      600_000,
    );

    it.skipIf(Boolean(ACLGEN_MISSING) && process.env.CI !== 'true')(
      'Capirca export compiled by aclgen: its iptables filter lets every cross-zone flow through and refuses the rest',
      async () => {
        if (ACLGEN_MISSING) throw new Error(`${ACLGEN_MISSING}; CI must run this proof`);
        for (const n of hosts) inNs(nsOf.get(n.id)!, 'nft', ['flush', 'ruleset']);
        const netOpen = networkProbes.filter((p) => p.expect === 'open');
        const netBlocked = networkProbes.filter((p) => p.expect === 'blocked');
        expect(netOpen.length).toBeGreaterThan(40);
        expect(netBlocked.length).toBeGreaterThan(40);
        // Without rules every probe connects: the listeners are real, a refusal later is the filter.
        const before = await runProbes(networkProbes, OPEN_TIMEOUT);
        expect(before.filter((o) => o !== 'open')).toEqual([]);
        // The header targets a router's FORWARD chain; here each host's INPUT stands in for the
        // firewall in front of it (it sees exactly the packets that cross into its zone).
        const compiled = runAclgen(capirca.render(input).files, (f) =>
          f.content.replace(/target:: iptables FORWARD DROP/g, 'target:: iptables INPUT DROP'),
        );
        expect(compiled.status, compiled.log).toBe(0);
        const rules = (compiled.files.get('portolan') ?? '')
          .split('\n')
          .filter((l) => l.startsWith('-'));
        expect(rules.length).toBeGreaterThan(20);
        // aclgen writes iptables commands; the same commands as one restore file (one process per
        // host instead of one per rule): -P becomes the chain's policy, -N a chain declaration.
        const restore = [
          '*filter',
          ...rules
            .filter((l) => l.startsWith('-P '))
            .map((l) => `:${l.split(' ')[1]} ${l.split(' ')[2]} [0:0]`),
          ...rules.filter((l) => l.startsWith('-N ')).map((l) => `:${l.split(' ')[1]} - [0:0]`),
          // Replies: Capirca's terms match the opening direction only, as on any stateful router.
          '-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
          ...rules.filter((l) => l.startsWith('-A ')),
          'COMMIT',
          '',
        ].join('\n');
        for (const n of hosts) {
          const r = inNs(nsOf.get(n.id)!, 'iptables-restore', [], restore);
          expect(r.status, r.out).toBe(0);
        }
        try {
          const outcome = await runProbes(networkProbes, BLOCKED_TIMEOUT);
          expect(failures(networkProbes, outcome)).toEqual([]);
        } finally {
          for (const n of hosts) inNs(nsOf.get(n.id)!, 'nft', ['flush', 'ruleset']);
        }
        console.info(
          `netns/capirca→aclgen iptables: ${rules.length} rules on ${hosts.length} hosts, ${netOpen.length} cross-zone flow ports connected, ${netBlocked.length} blocked`,
        );
      },
      120_000,
    );
  },
);
