// Every export format, proven by the real tools (nft, iptables-restore, bash) on the samples, random and hostile plans.
import { spawnSync } from 'node:child_process';
import type { Dirent } from 'node:fs';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeRoles } from '../catalog/roles';
import { computeFlows, getCatalog, parseCatalog, parsePlanText } from '../index';
import type { Plan } from '../plan/types';
import { HOSTILE_PIECES, PWN, hostileText, planArbitrary } from './__fixtures__/arbitrary';
import { readAsa, readFortigate, readJunos, readPanos } from './__fixtures__/netfw-readers';
import { mixedPlan } from './__fixtures__/plans';
import { maskBash, maskPowerShell, parseCsv, proxmoxBadLines } from './__fixtures__/verify';
import type { ExportFile, ExportOptions, ExportResult } from './exporter';
import { EXPORTERS, getExporter } from './index';
import { buildModel, firewallPolicy, hostPolicy } from './model';
import { GOLDEN_TODAY } from '../testing/golden-date';

const work = mkdtempSync(join(tmpdir(), 'ptl-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SAMPLES = ['all-in-one', 'distributed'] as const;

function loadSample(name: string): Plan {
  const text = readFileSync(
    join(__dirname, '../../resources/samples', `${name}.portolan.json`),
    'utf8',
  );
  const r = parsePlanText(text);
  if (!r.ok) throw new Error(`sample ${name}: ${JSON.stringify(r.errors)}`);
  return r.plan;
}

function renderAll(plan: Plan, options: ExportOptions = {}): Map<string, ExportResult> {
  const catalog = getCatalog(plan.catalog);
  const result = computeFlows(plan, catalog, { today: GOLDEN_TODAY });
  return new Map(EXPORTERS.map((e) => [e.id, e.render({ plan, catalog, result, options })]));
}

const NETWORK_READERS = new Map<string, (text: string) => unknown>([
  ['cisco-asa.cfg', readAsa],
  ['fortigate.conf', readFortigate],
  ['panos.set', readPanos],
  ['junos-srx.set', readJunos],
]);

let fileCounter = 0;
function tool(cmd: string, args: string[], input?: string): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Checks one file with the real tool for its type; returns a problem or null. */
function verify(file: ExportFile): string | null {
  const path = join(work, `${fileCounter++}-${file.name.replace(/\//g, '_')}`);
  writeFileSync(path, file.content);
  let r: { status: number | null; out: string } = { status: 0, out: '' };
  // allow-only iptables files hold only Portolan's chains and must be loaded with --noflush.
  const iptablesArgs = /^#\s+ip6?tables-restore --noflush </m.test(file.content)
    ? ['--test', '--noflush']
    : ['--test'];
  if (file.name.endsWith('.nft')) r = tool('nft', ['-c', '-f', path]);
  else if (file.name.endsWith('.rules.v4'))
    r = tool('iptables-restore', iptablesArgs, file.content);
  else if (file.name.endsWith('.rules.v6'))
    r = tool('ip6tables-restore', iptablesArgs, file.content);
  else if (file.name.endsWith('.sh')) r = tool('bash', ['-n', path]);
  else if (file.name.endsWith('.ps1')) {
    // eslint-disable-next-line no-control-regex -- tab and newline are the only controls allowed
    if (!/^[\x09\x0a\x20-\x7e]*$/.test(file.content)) return `${file.name}: not ASCII`;
    maskPowerShell(file.content);
  } else if (file.name.endsWith('.fw')) {
    const bad = proxmoxBadLines(file.content);
    if (bad.length) return `${file.name}: unexpected lines ${JSON.stringify(bad.slice(0, 3))}`;
  } else if (NETWORK_READERS.has(file.name)) {
    // Network-firewall files: ASCII, and the strict test readers (which refuse any line they
    // do not know) accept them.
    // eslint-disable-next-line no-control-regex -- newline is the only control allowed
    if (!/^[\x0a\x20-\x7e]*$/.test(file.content)) return `${file.name}: not ASCII`;
    try {
      NETWORK_READERS.get(file.name)!(file.content);
    } catch (e) {
      return `${file.name}: ${(e as Error).message}`;
    }
  } else if (file.name.endsWith('.csv')) {
    const rows = parseCsv(file.content);
    if (rows.some((row) => row.length !== rows[0]!.length)) return `${file.name}: ragged rows`;
  }
  return r.status === 0 ? null : `${file.name}: ${r.out}`;
}

function verifyAll(results: Map<string, ExportResult>): string[] {
  return [...results.values()].flatMap((r) =>
    r.files.map(verify).filter((p): p is string => p !== null),
  );
}

describe('export table', () => {
  it('registers every format id exactly once', () => {
    expect(EXPORTERS.map((e) => e.id)).toEqual([
      'nftables',
      'iptables',
      'firewalld',
      'ufw',
      'powershell',
      'proxmox',
      'check-bash',
      'check-powershell',
      'csv',
      'markdown',
      'cisco-asa',
      'fortigate',
      'panos',
      'junos-srx',
      'capirca',
    ]);
    expect(getExporter('nftables')).toBe(EXPORTERS[0]);
    expect(getExporter('nope')).toBeUndefined();
  });
});

describe.each(SAMPLES)('sample %s', (sample) => {
  const plan = loadSample(sample);

  it.each([{}, { egress: true }])('passes the real tools with options %j', (options) => {
    const results = renderAll(plan, options);
    expect(verifyAll(results)).toEqual([]);
    for (const [id, r] of results) {
      // A plan whose flows never leave a zone has no network firewall: those formats say so.
      if (getExporter(id)!.target === 'network' && r.files.length === 0) {
        expect(new Set(plan.nodes.map((n) => n.zone)).size, id).toBe(1);
        expect(r.warnings.map((w) => w.message).join('\n'), id).toMatch(/no network-firewall rule/);
        continue;
      }
      expect(r.files.length, id).toBeGreaterThan(0);
      for (const f of r.files) {
        if (f.name.endsWith('.csv')) continue;
        expect(f.content, `${id}/${f.name}`).toContain(plan.name);
        expect(f.content, `${id}/${f.name}`).toContain(plan.catalog);
        expect(f.content, `${id}/${f.name}`).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
      }
    }
  });

  it('renders the same bytes twice and matches the golden files', () => {
    const a = renderAll(plan);
    const b = renderAll(plan);
    for (const [id, result] of a) {
      expect(b.get(id)).toEqual(result);
      const dir = join(__dirname, '__golden__', id, sample);
      if (process.env.UPDATE_GOLDEN === '1') {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        for (const f of result.files) {
          // Capirca's folder has sub-folders (def/, policies/pol/).
          mkdirSync(dirname(join(dir, f.name)), { recursive: true });
          writeFileSync(join(dir, f.name), f.content);
        }
        writeFileSync(join(dir, 'warnings.json'), `${JSON.stringify(result.warnings, null, 2)}\n`);
      }
      expect(existsSync(dir), `golden ${id}/${sample} missing; run with UPDATE_GOLDEN=1`).toBe(
        true,
      );
      const names = (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
        .filter((d) => d.isFile() && d.name !== 'warnings.json')
        .map((d) => relative(dir, join(d.parentPath, d.name)).split(sep).join('/'))
        .sort();
      expect(names, `${id}/${sample}`).toEqual(result.files.map((f) => f.name).sort());
      for (const f of result.files) {
        expect(f.content, `${id}/${sample}/${f.name}`).toBe(
          readFileSync(join(dir, f.name), 'utf8'),
        );
      }
      expect(`${JSON.stringify(result.warnings, null, 2)}\n`).toBe(
        readFileSync(join(dir, 'warnings.json'), 'utf8'),
      );
    }
  });

  it('puts timestamps in headers only when asked', () => {
    const results = renderAll(plan, { timestamp: '2026-01-02T03:04:05Z' });
    const nft = results.get('nftables')!.files[0]!;
    expect(nft.content).toContain('Generated: 2026-01-02T03:04:05Z');
  });
});

describe('rules follow the flows', () => {
  const plan = mixedPlan();
  const results = renderAll(plan, { egress: true });
  const file = (format: string, name: string) => {
    const f = results.get(format)!.files.find((x) => x.name === name);
    if (!f)
      throw new Error(
        `${format}: no ${name} in ${results
          .get(format)!
          .files.map((x) => x.name)
          .join(', ')}`,
      );
    return f.content;
  };

  it('merges the ports of one source, destination and protocol into one rule', () => {
    expect(file('nftables', 'W1.nft')).toContain(
      'ip saddr @vbr_v4 tcp dport { 443, 19000 } accept',
    );
    expect(file('nftables', 'LIN.nft')).toContain(
      'ip saddr 192.0.2.10 tcp dport { 22, 2500-3300 } accept',
    );
    expect(file('iptables', 'W1.rules.v4')).toContain(
      '-s 192.0.2.10 -p tcp -m multiport --dports 443,19000 ',
    );
    expect(file('proxmox', 'PVE1.host.fw')).toContain(
      'IN ACCEPT -source w1 -p tcp -dport 22,8006 #',
    );
    expect(file('ufw', 'W1.ufw.sh')).toContain(
      'ufw allow proto tcp from 192.0.2.10 to any port 443,19000 comment',
    );
    expect(file('powershell', 'WIN.ps1')).toContain(
      "-LocalPort @('445', '2500-3300', '49152-65535')",
    );
  });

  it('writes IPv6 rules for IPv6 sources, in the v6 file only', () => {
    expect(file('nftables', 'REPO.nft')).toContain('ip6 saddr @w2_v6 tcp dport 2500-3300 accept');
    expect(file('iptables', 'REPO.rules.v6')).toContain('-s 2001:db8::22 ');
    expect(file('iptables', 'REPO.rules.v4')).not.toContain('2001:db8::22');
    expect(file('proxmox', 'PVE1.host.fw')).toContain('IN ACCEPT -source w2 -p tcp -dport 22,8006');
  });

  it('leaves rules of an address-less node out as comments, with a warning', () => {
    for (const [format, name] of [
      ['nftables', 'REPO.nft'],
      ['iptables', 'REPO.rules.v4'],
      ['firewalld', 'REPO.firewalld.sh'],
      ['ufw', 'REPO.ufw.sh'],
      ['proxmox', 'PVE1.host.fw'],
    ] as const) {
      expect(file(format, name)).toMatch(/# left out: NOADDR \(noaddr\) has no address\./);
      expect(
        results.get(format)!.warnings.some((w) => w.nodes.includes('noaddr')),
        format,
      ).toBe(true);
    }
  });

  it('treats the update repository as an internet endpoint: egress by port with a warning, checks by host name', () => {
    expect(results.get('nftables')!.files.some((f) => f.node === 'upd')).toBe(false);
    expect(file('nftables', 'W1.nft')).toMatch(
      /internet endpoint repository\.veeam\.com.*\n\t\ttcp dport 443 accept/,
    );
    expect(results.get('nftables')!.warnings.some((w) => w.nodes.includes('upd'))).toBe(true);
    expect(file('check-bash', 'W1.check.sh')).toContain("'repository.veeam.com' 443");
  });

  it('never puts a local flow into a network rule', () => {
    const catalog = getCatalog('vbr12-pve');
    const aio = loadSample('all-in-one');
    const flows = computeFlows(aio, catalog).flows;
    const local = flows.filter((f) => f.local);
    expect(local.length).toBeGreaterThan(0);
    const r = renderAll(aio);
    for (const format of [
      'nftables',
      'iptables',
      'firewalld',
      'ufw',
      'powershell',
      'proxmox',
      'check-bash',
      'check-powershell',
    ]) {
      for (const f of r.get(format)!.files) {
        for (const l of local) {
          const ownRules = f.content
            .split('\n')
            .filter((line) => !line.trimStart().startsWith('#') && line.includes(l.rule));
          expect(ownRules, `${format}/${f.name}`).toEqual([]);
        }
      }
    }
  });

  it('covers only the hosts of the scope', () => {
    const zone = renderAll(plan, { scope: { kind: 'zone', zone: 'dmz' } });
    expect(zone.get('nftables')!.files.map((f) => f.node)).toEqual(['lin']);
    expect(
      zone
        .get('powershell')!
        .files.map((f) => f.node)
        .sort(),
    ).toEqual(['gip', 'win']);
    const nodes = renderAll(plan, { scope: { kind: 'nodes', nodes: ['w1', 'ghost'] } });
    expect(nodes.get('nftables')!.files.map((f) => f.node)).toEqual(['w1']);
    expect(nodes.get('nftables')!.warnings.map((w) => w.message)).toContain(
      'Scope: the plan has no node "ghost".',
    );
    expect(nodes.get('nftables')!.files[0]!.content).toContain(
      '# Options: scope=nodes ghost,w1; egress=off',
    );
  });

  it('writes a CSV row per flow that parses back', () => {
    const rows = parseCsv(file('csv', 'flows.csv'));
    const catalog = getCatalog('vbr12-pve');
    expect(rows.length).toBe(computeFlows(plan, catalog).flows.length + 1);
    expect(rows[1]).toContain('backup-server-worker');
  });
});

describe('inbound policy (restrict / allow-only)', () => {
  const vbr12 = getCatalog('vbr12-pve');
  const vbr13 = getCatalog('vbr13-pve');
  const policyOf = (
    type: string,
    options: Record<string, unknown> = {},
    extraRoles: string[] = [],
  ) => firewallPolicy(vbr13, { type, extraRoles, options }).policy;

  it('defaults by role: restrict for dedicated backup infrastructure, allow-only for the rest', () => {
    for (const type of [
      'worker',
      'backup-repository',
      'guest-interaction-proxy',
      'log-shipping-server',
      'flr-helper',
    ]) {
      expect(policyOf(type), type).toBe('restrict');
    }
    const guests = vbr13.componentTypes.filter((t) => t.roles.includes('vm-guest'));
    expect(guests.length).toBe(6);
    for (const t of [...guests.map((g) => g.id), 'pve-server', 'backup-server']) {
      expect(policyOf(t), t).toBe('allow-only');
    }
    // A backup server that is also a repository and proxy (all-in-one) still serves consoles.
    expect(policyOf('backup-server', {}, ['backup-repository', 'guest-interaction-proxy'])).toBe(
      'allow-only',
    );
    // A host without a dedicated-infrastructure role may serve clients we do not know of.
    expect(policyOf('ntp-server')).toBe('allow-only');
    expect(policyOf('no-such-type')).toBe('allow-only');
    // Every type of both editions resolves, and says why in one header line.
    for (const c of [vbr12, vbr13]) {
      for (const t of c.componentTypes) {
        const p = firewallPolicy(c, { type: t.id });
        expect(p.text).toMatch(new RegExp(`^Inbound policy: ${p.policy} \\(default`));
      }
    }
  });

  it('follows the catalog declaration of firewallPolicy (one source of truth)', () => {
    const edited = JSON.parse(JSON.stringify(vbr13)) as {
      options: { id: string; defaultByRole?: { role: string; value: string }[] }[];
    };
    const def = edited.options.find((o) => o.id === 'firewallPolicy')!;
    def.defaultByRole = [
      { role: 'worker', value: 'allow-only' },
      { role: 'ntp-server', value: 'restrict' },
    ];
    const c = parseCatalog(edited, 'edited');
    expect(firewallPolicy(c, { type: 'worker' }).policy).toBe('allow-only');
    expect(firewallPolicy(c, { type: 'worker' }).text).toBe(
      'Inbound policy: allow-only (default for the worker role).',
    );
    expect(firewallPolicy(c, { type: 'ntp-server' }).policy).toBe('restrict');
    expect(firewallPolicy(c, { type: 'flr-helper' }).text).toBe(
      'Inbound policy: allow-only (default: not a dedicated backup-infrastructure host).',
    );
    // Precomputed roles (the export model passes them) give the same answer.
    expect(firewallPolicy(c, { type: 'worker' }, nodeRoles(c, { type: 'ntp-server' })).policy).toBe(
      'restrict',
    );
    // A hand-made catalog without the option never cuts a host off.
    const bare = { ...vbr13, options: vbr13.options?.filter((o) => o.id !== 'firewallPolicy') };
    expect(firewallPolicy(bare, { type: 'worker' })).toEqual({
      policy: 'allow-only',
      text: 'Inbound policy: allow-only (default: catalog vbr13-pve declares no firewallPolicy default).',
    });
    expect(
      firewallPolicy(bare, { type: 'worker', options: { firewallPolicy: 'restrict' } }).policy,
    ).toBe('restrict');
  });

  it('the node option firewallPolicy overrides the default; an invalid value falls back', () => {
    expect(policyOf('worker', { firewallPolicy: 'allow-only' })).toBe('allow-only');
    expect(policyOf('mssql-guest', { firewallPolicy: 'restrict' })).toBe('restrict');
    expect(policyOf('pve-server', { firewallPolicy: 'restrict' })).toBe('restrict');
    expect(policyOf('worker', { firewallPolicy: 'open' })).toBe('restrict');
    expect(policyOf('linux-guest', { firewallPolicy: 'open' })).toBe('allow-only');
    expect(
      firewallPolicy(vbr12, { type: 'worker', options: { firewallPolicy: 'allow-only' } }).text,
    ).toBe('Inbound policy: allow-only (set by the node option firewallPolicy).');
    // The plan schema accepts exactly the two values.
    const withPolicy = (value: unknown) => {
      const plan = JSON.parse(JSON.stringify(mixedPlan())) as { nodes: { options: object }[] };
      plan.nodes[1]!.options = { firewallPolicy: value };
      return parsePlanText(JSON.stringify(plan)).ok;
    };
    expect(withPolicy('restrict')).toBe(true);
    expect(withPolicy('allow-only')).toBe(true);
    expect(withPolicy('open')).toBe(false);
  });

  it('states the effective policy in every host file header', () => {
    for (const sample of SAMPLES) {
      const plan = loadSample(sample);
      const catalog = getCatalog(plan.catalog);
      const model = buildModel({ plan, catalog, result: computeFlows(plan, catalog), options: {} });
      for (const [id, r] of renderAll(plan, { egress: true })) {
        if (['csv', 'markdown', 'check-bash', 'check-powershell'].includes(id)) continue;
        for (const f of r.files.filter((x) => x.node)) {
          const h = model.hosts.get(f.node!)!;
          expect(f.content, `${id}/${f.name}`).toContain(hostPolicy(h).text);
        }
      }
    }
  });

  const plan = mixedPlan();
  const results = renderAll(plan);
  const get = (format: string, name: string) =>
    results.get(format)!.files.find((f) => f.name === name)?.content;
  /** The lines a tool reads (comments dropped). */
  const code = (text: string) =>
    text
      .split('\n')
      .filter((l) => !l.trimStart().startsWith('#'))
      .join('\n');

  it('writes no nftables/iptables/firewalld/ufw file for a Proxmox VE server, and says to use proxmox', () => {
    for (const format of ['nftables', 'iptables', 'firewalld', 'ufw']) {
      const r = results.get(format)!;
      expect(
        r.files.map((f) => f.node),
        format,
      ).not.toContain('pve1');
      expect(r.warnings.find((w) => w.nodes.includes('pve1'))?.message, format).toMatch(
        /pve-firewall owns its firewall.*"proxmox" format \(PVE1\.host\.fw\)/,
      );
    }
    expect(get('proxmox', 'PVE1.host.fw')).not.toContain('[OPTIONS]');
  });

  it('restrict files drop the rest; allow-only files add rules without a policy or flush', () => {
    // w1: worker (restrict); lin: Linux guest (allow-only).
    expect(get('nftables', 'W1.nft')).toContain(
      'type filter hook input priority filter; policy drop;',
    );
    const lin = get('nftables', 'LIN.nft')!;
    expect(code(lin)).not.toMatch(/hook|policy|delete table|flush ruleset/);
    expect(lin).toContain('flush chain inet filter portolan_in\n');
    expect(lin).toContain(
      "grep -q 'jump portolan_in' || nft insert rule inet filter input jump portolan_in\n",
    );
    expect(get('iptables', 'W1.rules.v4')).toContain(':INPUT DROP [0:0]');
    const linV4 = get('iptables', 'LIN.rules.v4')!;
    expect(linV4).not.toMatch(/^:(INPUT|FORWARD|OUTPUT) /m);
    expect(linV4).not.toMatch(/^-[AIDR] (INPUT|OUTPUT)/m);
    expect(linV4).toMatch(/^:PORTOLAN-IN - \[0:0\]$/m);
    expect(linV4).toContain('#   iptables-restore --noflush < LIN.rules.v4\n');
    expect(linV4).toContain(
      '#   iptables -C INPUT -j PORTOLAN-IN 2>/dev/null || iptables -I INPUT -j PORTOLAN-IN\n',
    );
    // Proxmox guest files: only restrict guests enable the VM firewall (default policy DROP).
    expect(get('proxmox', '201.fw')).toContain('[OPTIONS]\n\nenable: 1\n');
    expect(get('proxmox', '150.fw')).not.toContain('[OPTIONS]');
    expect(get('proxmox', '150.fw')).toContain('does not enable the VM firewall');
    expect(get('proxmox', '160.fw')).not.toContain('enable: 1');
  });

  it('follows the node option both ways', () => {
    const flipped = {
      ...plan,
      nodes: plan.nodes.map((n) =>
        n.id === 'lin'
          ? { ...n, options: { ...n.options, firewallPolicy: 'restrict' as const } }
          : n.id === 'w1'
            ? { ...n, options: { ...n.options, firewallPolicy: 'allow-only' as const } }
            : n,
      ),
    };
    const r = renderAll(flipped, { egress: true });
    expect(verifyAll(r)).toEqual([]);
    const f = (format: string, name: string) =>
      r.get(format)!.files.find((x) => x.name === name)!.content;
    expect(f('nftables', 'LIN.nft')).toContain('policy drop;');
    expect(code(f('nftables', 'W1.nft'))).not.toMatch(/hook|policy/);
    expect(f('nftables', 'W1.nft')).toContain(
      "grep -q 'jump portolan_out' || nft insert rule inet filter output jump portolan_out",
    );
    expect(f('iptables', 'W1.rules.v4')).toContain(':PORTOLAN-OUT - [0:0]');
    expect(f('iptables', 'W1.rules.v4')).not.toContain(':OUTPUT');
    expect(f('proxmox', '150.fw')).toContain('enable: 1');
    expect(f('proxmox', '201.fw')).not.toContain('enable: 1');
  });
});

describe('random plans', () => {
  it('every file passes the real tools', () => {
    fc.assert(
      fc.property(planArbitrary(), fc.boolean(), (plan, egress) => {
        expect(verifyAll(renderAll(plan, { egress }))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});

// Execution uses only the fixed hostile pieces and payloads (no random characters), so even a
// broken escaper could at worst touch a marker file in a throw-away folder.
const executableHostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(...HOSTILE_PIECES.filter((p) => p !== '\0')),
      fc.constantFrom(
        `touch ${PWN}`,
        `$(touch ${PWN})`,
        `\`touch ${PWN}\``,
        `'; touch ${PWN}; '`,
        `\ntouch ${PWN}\n`,
        `" + $(touch ${PWN}) + "`,
      ),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((p) => `${p.join('')} ${PWN}`);

function stubDir(): string {
  const dir = join(work, `stubs-${fileCounter++}`);
  mkdirSync(dir);
  for (const [name, code] of [
    ['firewall-cmd', 0],
    ['ufw', 0],
    ['timeout', 124],
  ] as const) {
    writeFileSync(join(dir, name), `#!/bin/sh\nexit ${code}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  // firewall-cmd answers what the restrict scripts ask (the zone exists, target DROP), so they
  // run to their end; every call is logged when STUB_LOG is set.
  writeFileSync(
    join(dir, 'firewall-cmd'),
    [
      '#!/bin/sh',
      '[ -n "${STUB_LOG:-}" ] && echo "$*" >> "$STUB_LOG"',
      'case "$*" in',
      '  *--get-zones*) echo "public portolan" ;;',
      '  *--get-target*) echo DROP ;;',
      '  *--get-default-zone*) echo public ;;',
      'esac',
      'exit 0',
      '',
    ].join('\n'),
  );
  return dir;
}

describe('bash scripts and old bash', () => {
  // A worker without an address: the repository's scripts have no rule at all.
  const plan: Plan = {
    ...mixedPlan(),
    connections: [{ id: 'c1', from: 'noaddr', to: 'repo' }],
  };
  const empty = renderAll(plan);

  it('expand no array (bash before 4.4, RHEL/CentOS 7, treats an empty one as unbound under set -u)', () => {
    for (const results of [
      empty,
      renderAll(mixedPlan(), { egress: true }),
      renderAll(loadSample('distributed')),
    ]) {
      for (const format of ['firewalld', 'ufw', 'check-bash']) {
        for (const f of results.get(format)!.files) {
          expect(maskBash(f.content), `${format}/${f.name}`).not.toMatch(/\[[@*]\]|\w+=\(/);
        }
      }
    }
  });

  it('a firewalld script with no rules runs to its end and adds nothing', () => {
    const stubs = stubDir();
    for (const policy of ['restrict', 'allow-only'] as const) {
      const p: Plan = {
        ...plan,
        nodes: plan.nodes.map((n) =>
          n.id === 'repo' ? { ...n, options: { ...n.options, firewallPolicy: policy } } : n,
        ),
      };
      const f = renderAll(p)
        .get('firewalld')!
        .files.find((x) => x.node === 'repo')!;
      expect(f.content).not.toMatch(/^ {2}printf /m);
      const path = join(work, `empty-${policy}-${f.name}`);
      const log = join(work, `empty-${policy}.log`);
      writeFileSync(path, f.content);
      const r = spawnSync('bash', [path], {
        env: { PATH: `${stubs}:/usr/bin:/bin`, STUB_LOG: log, PORTOLAN_INTERFACES: 'eth0' },
        encoding: 'utf8',
      });
      expect(r.status, `${policy}: ${r.stdout}${r.stderr}`).toBe(0);
      const calls = readFileSync(log, 'utf8');
      expect(calls).not.toContain('--add-rich-rule');
      expect(calls).toContain('--list-all');
    }
  });
});

describe('firewalld restrict re-runs (stateful firewall-cmd stand-in)', () => {
  /**
   * A firewall-cmd that keeps the zone's rich rules (runtime and permanent) in files, compares
   * them as firewalld does (by meaning: here, case-insensitively) and lists one rule, the one
   * holding RESPELL, in another spelling, as a firewalld that normalises differently would.
   */
  function statefulFirewallCmd(dir: string): string {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'firewall-cmd');
    writeFileSync(
      path,
      [
        '#!/usr/bin/env python3',
        'import os, sys',
        'args = sys.argv[1:]',
        "mode = 'permanent' if '--permanent' in args else 'runtime'",
        "state = os.path.join(os.environ['STUB_STATE'], mode)",
        "rules = open(state).read().split('\\n') if os.path.exists(state) else []",
        'rules = [r for r in rules if r]',
        "respell = os.environ.get('RESPELL', '')",
        'for a in args:',
        "    if a.startswith('--add-rich-rule='):",
        "        r = a[len('--add-rich-rule='):]",
        '        if r.lower() not in [x.lower() for x in rules]: rules.append(r)',
        "    elif a.startswith('--remove-rich-rule='):",
        "        r = a[len('--remove-rich-rule='):].lower()",
        '        rules = [x for x in rules if x.lower() != r]',
        "    elif a == '--list-rich-rules':",
        '        for x in rules: print(x.upper() if respell and respell in x else x)',
        "    elif a in ('--get-zones',): print('public portolan')",
        "    elif a.startswith('--get-target'): print('DROP')",
        "open(state, 'w').write('\\n'.join(rules) + '\\n')",
        '',
      ].join('\n'),
    );
    chmodSync(path, 0o755);
    return path;
  }

  it('removes the rules the plan no longer lists and ends with exactly its rules, whatever the spelling', () => {
    const p: Plan = {
      ...mixedPlan(),
      nodes: mixedPlan().nodes.map((n) =>
        n.id === 'repo' ? { ...n, options: { ...n.options, firewallPolicy: 'restrict' } } : n,
      ),
    };
    const f = renderAll(p)
      .get('firewalld')!
      .files.find((x) => x.node === 'repo')!;
    const ours = [...f.content.matchAll(/^ {2}printf '%s\\n' '(.*)'$/gm)].map((m) => m[1]!);
    expect(ours.length).toBeGreaterThan(1);
    const stale =
      'rule family="ipv4" source address="192.0.2.253" port port="9999" protocol="tcp" accept';
    const respelled = /source address="([^"]+)"/.exec(ours[0]!)![1]!;
    for (const respell of ['', respelled]) {
      const dir = join(work, `fw-state-${fileCounter++}`);
      const stubs = join(dir, 'bin');
      statefulFirewallCmd(stubs);
      const stateDir = join(dir, 'state');
      mkdirSync(stateDir);
      // An earlier version of the plan: one of today's rules and one it no longer has.
      for (const mode of ['runtime', 'permanent']) {
        writeFileSync(join(stateDir, mode), `${ours[0]}\n${stale}\n`);
      }
      const script = join(dir, f.name);
      writeFileSync(script, f.content);
      const r = spawnSync('bash', [script], {
        env: {
          PATH: `${stubs}:/usr/bin:/bin`,
          STUB_STATE: stateDir,
          RESPELL: respell,
          PORTOLAN_INTERFACES: 'eth0',
        },
        encoding: 'utf8',
      });
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
      for (const mode of ['runtime', 'permanent']) {
        const end = readFileSync(join(stateDir, mode), 'utf8').split('\n').filter(Boolean);
        expect(end.map((x) => x.toLowerCase()).sort(), `${mode}, respell "${respell}"`).toEqual(
          ours.map((x) => x.toLowerCase()).sort(),
        );
      }
    }
  });
});

describe('hostile plan text', () => {
  it('never gains a command in any format (tools pass, payload only inside quotes or comments)', () => {
    fc.assert(
      fc.property(planArbitrary(hostileText), (plan) => {
        const results = renderAll(plan, { egress: true, scope: { kind: 'all' } });
        expect(verifyAll(results)).toEqual([]);
        for (const r of results.values()) {
          for (const f of r.files) {
            if (f.name.endsWith('.sh')) expect(maskBash(f.content), f.name).not.toContain(PWN);
            if (f.name.endsWith('.ps1'))
              expect(maskPowerShell(f.content), f.name).not.toContain(PWN);
            if (f.name.endsWith('.nft') || f.name.endsWith('.fw') || f.name.includes('.rules.')) {
              for (const line of f.content.split('\n')) {
                const code = line.replace(/comment "[^"]*"/g, '').replace(/#.*$/, '');
                expect(code, f.name).not.toContain(PWN);
              }
            }
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('running the generated shell scripts (tools stubbed) never runs the payload', () => {
    const stubs = stubDir();
    fc.assert(
      fc.property(planArbitrary(executableHostile), (plan) => {
        const results = renderAll(plan, { egress: true });
        const sandbox = mkdtempSync(join(work, 'run-'));
        for (const format of ['firewalld', 'ufw', 'check-bash']) {
          for (const f of results.get(format)!.files) {
            const path = join(sandbox, f.name);
            writeFileSync(path, f.content);
            const r = spawnSync('bash', [path], {
              cwd: sandbox,
              env: { PATH: `${stubs}:/usr/bin:/bin`, PORTOLAN_INTERFACES: 'eth0' },
              encoding: 'utf8',
              timeout: 20_000,
            });
            expect(r.error, f.name).toBeUndefined();
            expect(existsSync(join(sandbox, PWN)), `${format}/${f.name} ran the payload`).toBe(
              false,
            );
          }
        }
      }),
      { numRuns: 15 },
    );
  });
});

describe('Exporter.files: what the change request cites without rendering', () => {
  const listed = (plan: Plan, options: ExportOptions = {}) => {
    const catalog = getCatalog(plan.catalog);
    const result = computeFlows(plan, catalog, { today: GOLDEN_TODAY });
    const input = { plan, catalog, result, options };
    return EXPORTERS.map((e) => ({
      id: e.id,
      files: e.files(input),
      rendered: e
        .render(input)
        .files.map((f) =>
          f.node === undefined ? { name: f.name } : { name: f.name, node: f.node },
        ),
    }));
  };

  it('covers every format of the table', () => {
    expect(
      listed(loadSample('distributed'))
        .map((l) => l.id)
        .sort(),
    ).toEqual([
      'capirca',
      'check-bash',
      'check-powershell',
      'cisco-asa',
      'csv',
      'firewalld',
      'fortigate',
      'iptables',
      'junos-srx',
      'markdown',
      'nftables',
      'panos',
      'powershell',
      'proxmox',
      'ufw',
    ]);
  });

  it('names exactly the files render writes, in order, on the samples and a mixed plan, whole and scoped', () => {
    const plans = [...SAMPLES.map(loadSample), mixedPlan()];
    for (const plan of plans) {
      const scopes: ExportOptions[] = [
        {},
        { scope: { kind: 'nodes', nodes: plan.nodes.slice(0, 2).map((n) => n.id) } },
        ...(plan.zones[0] ? [{ scope: { kind: 'zone' as const, zone: plan.zones[0].id } }] : []),
      ];
      for (const options of scopes) {
        for (const l of listed(plan, options)) {
          expect(l.files, `${plan.name} ${l.id} ${JSON.stringify(options)}`).toEqual(l.rendered);
        }
      }
    }
  });

  it('names exactly the files render writes, on random plans', () => {
    fc.assert(
      fc.property(planArbitrary(), (plan) => {
        for (const l of listed(plan)) expect(l.files, l.id).toEqual(l.rendered);
      }),
      { numRuns: 60 },
    );
  });
});
