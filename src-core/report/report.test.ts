// Unit tests of the change-request report: model, risk, escaping, Markdown, diagram, checks.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFlows, formatPorts, getCatalog, parsePlanText } from '../index';
import type { Plan } from '../plan/types';
import { HOSTILE, hostilePlan, syntheticPlan } from './__fixtures__/plans';
import { renderDiagram } from './diagram';
import { cssString, escapeHtml, renderHtml } from './html';
import { escapeMarkdown, renderMarkdown } from './markdown';
import { DEFAULT_TEXTS, buildChangeRequest, changeSlug, defaultJustification } from './model';
import { assessRisk } from './risk';
import { checkTarget } from './verification';
import { GOLDEN_TODAY } from '../testing/golden-date';

function sample(name: string): Plan {
  const parsed = parsePlanText(readFileSync(`resources/samples/${name}.portolan.json`, 'utf8'));
  if (!parsed.ok) throw new Error(`sample ${name} does not load`);
  return parsed.plan;
}

function build(plan: Plan) {
  const catalog = getCatalog(plan.catalog);
  const result = computeFlows(plan, catalog, { today: GOLDEN_TODAY });
  return { catalog, result, doc: buildChangeRequest(plan, catalog, result) };
}

function withNodes(plan: Plan, edit: (n: Plan['nodes'][number]) => Plan['nodes'][number]): Plan {
  return { ...plan, nodes: plan.nodes.map(edit) };
}

describe('change-request model', () => {
  const plan = sample('distributed');
  const { result, doc, catalog } = build(plan);

  it('lists every host with its zone, addresses and type', () => {
    expect(doc.hosts.map((h) => h.id)).toEqual(plan.nodes.map((n) => n.id));
    const vbr = doc.hosts.find((h) => h.id === 'vbr');
    expect(vbr).toMatchObject({ name: 'VBR01', zone: 'Management', type: 'Backup server' });
    expect(vbr?.addresses).toEqual(['192.0.2.10']);
  });

  it('numbers every network flow once and keeps local flows apart', () => {
    const network = result.flows.filter((f) => !f.local);
    expect(doc.flows.map((f) => f.ref)).toEqual(network.map((_, i) => `F${i + 1}`));
    expect(doc.localFlows.length).toBe(result.flows.length - network.length);
    expect(doc.flows.map((f) => f.ports)).toEqual(network.map((f) => formatPorts(f.ports)));
  });

  it('groups flows by enforcement point: zone pairs crossed and destination host firewalls', () => {
    const byId = new Map(plan.nodes.map((n) => [n.id, n]));
    for (const f of doc.flows) {
      const crosses = (byId.get(f.from.id)?.zone ?? '') !== (byId.get(f.to.id)?.zone ?? '');
      const net = doc.enforcementPoints.filter(
        (p) => p.kind === 'network' && p.flows.some((x) => x.ref === f.ref),
      );
      expect(net.length, `${f.ref} network points`).toBe(crosses ? 1 : 0);
      const internet = byId.get(f.to.id)?.type === 'update-repository';
      const host = doc.enforcementPoints.filter((p) => p.kind === 'host' && p.flows.includes(f));
      expect(host.map((p) => p.node)).toEqual(internet ? [] : [f.to.id]);
    }
    // A zone pair appears once whatever the direction of its flows.
    const pairs = doc.enforcementPoints
      .filter((p) => p.kind === 'network')
      .map((p) => p.zones?.join('|'));
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs).toContain('mgmt|virt');
  });

  it('cites the exported files implementing each host firewall', () => {
    const pve = doc.enforcementPoints.find((p) => p.node === 'pve1');
    const formats = pve?.scripts.map((s) => s.format) ?? [];
    // pve-firewall owns a Proxmox VE server: only the proxmox format writes its rules.
    expect(formats).toContain('proxmox');
    expect(formats).not.toContain('nftables');
    expect(pve?.scripts.every((s) => s.node === 'pve1')).toBe(true);
    const vbr = doc.enforcementPoints.find((p) => p.node === 'vbr');
    expect(vbr?.scripts.map((s) => s.format)).toContain('powershell');
    expect(doc.planFiles.map((s) => s.file)).toContain('flows.csv');
  });

  it('lists the conditional flows left out with their reasons', () => {
    expect(doc.absent.length).toBe(result.absent.length);
    expect(doc.absent.length).toBeGreaterThan(0);
    for (const a of doc.absent) expect(a.reason).not.toBe('');
  });

  it('verifies every network flow from its source host, in that host shell', () => {
    const refs = doc.verification.flatMap((g) => g.checks.map((c) => c.flowRef));
    expect(refs.sort()).toEqual(doc.flows.map((f) => f.ref).sort());
    const vbr = doc.verification.find((g) => g.host.id === 'vbr');
    expect(vbr?.shell).toBe('powershell');
    expect(vbr?.checks.some((c) => c.command?.startsWith('Test-NetConnection 192.0.2.'))).toBe(
      true,
    );
    const worker = doc.verification.find((g) => g.host.id === 'w1');
    expect(worker?.shell).toBe('bash');
    expect(worker?.checks.some((c) => c.command?.startsWith('nc -z -v -w 3 '))).toBe(true);
  });

  it('fills defaults for an empty change request and keeps what the user wrote', () => {
    expect(doc.details.justification).toBe(defaultJustification(plan, catalog, result));
    expect(doc.details.rollbackPlan).toBe(DEFAULT_TEXTS.rollbackPlan);
    expect(doc.details.given.justification).toBe(false);
    expect(doc.approvals.map((a) => a.role)).toContain('Approver (network/security)');
    const edited = build({
      ...plan,
      changeRequest: {
        number: ' CHG-7 ',
        justification: 'Because.',
        approvers: ['Ann', ' ', 'Bob'],
        permanence: 'temporary',
        expires: '2027-01-31',
        category: 'emergency',
      },
    }).doc;
    expect(edited.details).toMatchObject({
      number: 'CHG-7',
      justification: 'Because.',
      permanence: 'temporary',
      expires: '2027-01-31',
      category: 'emergency',
    });
    expect(edited.details.given.justification).toBe(true);
    expect(edited.approvals.filter((a) => a.role === 'Approver').map((a) => a.name)).toEqual([
      'Ann',
      'Bob',
    ]);
  });

  it('names the vendor build each cited page was read from, where the catalog records it', () => {
    const vbr13 = build({ ...plan, catalog: 'vbr13-pve' });
    const pve = vbr13.doc.sources.find((x) => x.id === 'vbr13-pve-ports');
    expect(pve?.build).toBe('13.0.1.2067');
    expect(renderHtml(vbr13.doc, { paper: 'a4' })).toContain('(version 13.0.1, build 13.0.1.2067)');
    expect(renderMarkdown(vbr13.doc)).toContain('(version 13.0.1, build 13.0.1.2067)');
    // The seed records no build: the 12.x document says only the version.
    expect(doc.sources.every((x) => x.build === undefined)).toBe(true);
  });

  it('is deterministic', () => {
    const again = build(sample('distributed')).doc;
    expect(renderHtml(again, { paper: 'a4' })).toBe(renderHtml(doc, { paper: 'a4' }));
  });

  it('rollback follows each host firewall policy: restore for restrict, remove for allow-only', () => {
    const policyOf = (d: typeof doc, id: string) =>
      d.hostPolicies.find((p) => p.node === id)?.policy;
    // The same catalog-declared defaults the exporters use: workers restrict, guests allow-only.
    expect(policyOf(doc, 'w1')).toBe('restrict');
    expect(policyOf(doc, 'vbr')).toBe('allow-only');
    expect(doc.hostPolicies.map((p) => p.node)).toEqual(
      doc.enforcementPoints.filter((p) => p.kind === 'host').map((p) => p.node),
    );
    const nft = (d: typeof doc) => d.rollback.find((s) => s.startsWith('Linux hosts (nftables)'));
    expect(nft(doc)).toContain('On restrict hosts');
    expect(nft(doc)).toContain('nft delete chain inet filter portolan_in');
    expect(doc.details.rollbackPlan).not.toMatch(/only adds allow rules, so removing them/);
    // Every host set to allow-only: no restore-the-ruleset step, no restrict entry.
    const open = build(
      withNodes(plan, (n) => ({ ...n, options: { ...n.options, firewallPolicy: 'allow-only' } })),
    ).doc;
    expect(open.hostPolicies.every((p) => p.policy === 'allow-only')).toBe(true);
    expect(nft(open)).not.toContain('On restrict hosts');
    expect(nft(open)).toContain('or restore it, `nft flush ruleset');
    expect(renderMarkdown(open)).not.toContain('- Restrict:');
    // Every host restrict: no chain-removal step for Linux hosts.
    const closed = build(
      withNodes(plan, (n) => ({ ...n, options: { ...n.options, firewallPolicy: 'restrict' } })),
    ).doc;
    expect(nft(closed)).not.toContain('portolan_in');
    expect(renderMarkdown(closed)).not.toContain('- Allow only:');
    expect(renderMarkdown(closed)).toContain('### Host firewall policies');
    // firewalld's restrict files move interfaces into their own zone: its rollback removes it.
    const fw = (d: typeof doc) => d.rollback.find((s) => s.startsWith('Linux hosts (firewalld'));
    expect(fw(doc)).toContain('firewall-cmd --permanent --delete-zone=portolan');
    expect(fw(doc)).toContain('--remove-rich-rule');
    expect(fw(doc)).toContain('`ufw delete` each rule whose comment starts with `Portolan:`');
    expect(fw(open)).not.toContain('--delete-zone');
    expect(fw(closed)).not.toContain('--remove-rich-rule');
  });
});

describe('risk', () => {
  const plan = sample('distributed');
  const catalog = getCatalog(plan.catalog);

  it('rates the dynamic RPC range through a network firewall high, with reasons', () => {
    const custom = withNodes(plan, (n) =>
      n.type === 'windows-guest'
        ? { ...n, options: { ...n.options, windowsFirewall: 'custom' } }
        : n,
    );
    const risk = assessRisk(custom, catalog, computeFlows(custom, catalog));
    expect(risk.suggested).toBe('high');
    expect(risk.reasons[0]?.code).toBe('wide-range-cross-zone');
    expect(risk.reasons[0]?.message).toContain('49152-65535');
    expect(risk.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['ssh', 'internet-egress', 'port-range']),
    );
  });

  it('is low for a few specific ports inside one zone, and the override wins', () => {
    const small: Plan = {
      ...syntheticPlan(0),
      nodes: [
        ...syntheticPlan(0).nodes,
        {
          id: 'pve',
          type: 'pve-server',
          name: 'PVE',
          addresses: ['192.0.2.20'],
          zone: 'mgmt',
          extraRoles: [],
          options: {},
          position: { x: 0, y: 100 },
        },
      ],
      connections: [{ id: 'c1', from: 'vbr', to: 'pve' }],
    };
    const result = computeFlows(small, catalog);
    // vbr → pve is 8006 and SSH 22: SSH alone makes it medium.
    expect(assessRisk(small, catalog, result).suggested).toBe('medium');
    const noSsh = withNodes(small, (n) => n);
    const onlyApi = { ...result, flows: result.flows.filter((f) => f.ports.start === 8006) };
    const low = assessRisk(noSsh, catalog, onlyApi);
    expect(low.suggested).toBe('low');
    expect(low.reasons.map((r) => r.code)).toEqual(['baseline']);
    const doc = buildChangeRequest({ ...small, changeRequest: { risk: 'high' } }, catalog, result);
    expect(doc.risk).toMatchObject({ level: 'high', suggested: 'medium', overridden: true });
  });

  it('counts many cross-zone flows', () => {
    const big = syntheticPlan(60);
    const risk = assessRisk(big, catalog, computeFlows(big, catalog));
    expect(risk.reasons.find((r) => r.code === 'many-cross-zone-flows')?.level).toBe('high');
  });
});

describe('escaping hostile plan strings', () => {
  const plan = hostilePlan();
  const catalog = getCatalog(plan.catalog);
  const result = computeFlows(plan, catalog);
  const doc = buildChangeRequest(plan, catalog, result);

  it('HTML: no tag, attribute or stylesheet escapes', () => {
    const html = renderHtml(doc, { paper: 'a4' });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    // The hostile text is shown, as text: no element carries an injected attribute.
    expect(html).not.toMatch(/<[a-z]+[^>]*\sonerror=/i);
    expect(html.match(/<style>/g)?.length).toBe(1);
    expect(html.match(/<\/style>/g)?.length).toBe(1);
    // Outside its string literals, the stylesheet holds nothing from the plan.
    const style = html
      .slice(html.indexOf('<style>'), html.indexOf('</style>'))
      .replace(/"(?:[^"\\]|\\.)*"/g, '""');
    expect(style).not.toContain('@import');
    expect(style).not.toContain('evil.example');
    expect(style).not.toContain('display: none');
    expect(html).toContain(escapeHtml(HOSTILE.script));
    // The change number reaches CSS (running header) only as hex escapes.
    expect(html).toContain(cssString(HOSTILE.css));
  });

  it('CSS strings cannot be closed', () => {
    for (const s of Object.values(HOSTILE)) {
      const inner = cssString(s).slice(1, -1);
      expect(inner).not.toMatch(/["'<>\n;{}]/);
      // Every backslash starts a hex escape ended by a space.
      expect(inner.replace(/\\[0-9a-f]{1,6} /g, '')).not.toContain('\\');
    }
    expect(cssString('a"b')).toBe('"a\\22 b"');
  });

  it('SVG: labels escaped, colour attribute only from a hex colour', () => {
    const { svg } = renderDiagram(plan, catalog);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/<img/i);
    expect(svg).toContain('stroke="#555555"');
  });

  it('Markdown: no raw HTML, no broken table rows, no injected headings', () => {
    const md = renderMarkdown(doc);
    expect(md).not.toMatch(/<script|<img|<\/style/i);
    expect(md).not.toMatch(/^# heading/m);
    // Every row of every table has as many cells as its header.
    for (const block of md.split('\n\n').filter((b) => b.startsWith('| '))) {
      const [head, ...rows] = block.trimEnd().split('\n');
      const cells = (l: string) => l.split(/(?<!\\)\|/).length;
      for (const row of rows) expect(cells(row), row).toBe(cells(head ?? ''));
    }
    const hosts = md.split('### Hosts\n\n')[1]?.split('\n\n')[0]?.split('\n') ?? [];
    expect(hosts.length).toBe(2 + 2);
    for (const row of hosts) expect(row.split(/(?<!\\)\|/).length).toBe(7);
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
  });

  it('Markdown: a lone CR (a CommonMark line ending) cannot start a line', () => {
    const cr = 'Alice\r\r## APPROVED by security\r| x | y |';
    const crPlan: Plan = {
      ...plan,
      changeRequest: {
        number: 'CR-1\r===',
        title: `T${cr}`,
        requester: cr,
        approvers: [cr],
        justification: `first\r\rsecond${cr}`,
        rollbackPlan: cr,
      },
    };
    const md = renderMarkdown(build(crPlan).doc);
    expect(md).not.toContain('\r');
    expect(md).not.toMatch(/^#+ APPROVED/m);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(escapeMarkdown(s)).not.toMatch(/[\r\n]/);
      }),
    );
  });

  it('verification commands never carry an invalid hostname', () => {
    const checks = doc.verification.flatMap((g) => g.checks);
    for (const c of checks) expect(c.command ?? '').not.toContain('rm -rf');
    expect(checkTarget({ ...plan.nodes[1]!, addresses: [] })).toBeNull();
    expect(
      checkTarget({ ...plan.nodes[1]!, addresses: ['192.0.2.0/24'], hostname: 'ok.example' }),
    ).toBe('ok.example');
    expect(checkTarget({ ...plan.nodes[1]!, addresses: ['x', '2001:db8::1/128'] })).toBe(
      '2001:db8::1',
    );
  });

  it('rollback file names use a safe slug of the change number', () => {
    expect(changeSlug(HOSTILE.css)).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(changeSlug('CHG 42/7')).toBe('CHG-42-7');
    for (const step of doc.rollback) expect(step).not.toContain('evil.example');
  });
});

describe('Markdown rendering', () => {
  it('has the same sections and every flow row as the HTML document', () => {
    const { doc } = build(sample('distributed'));
    const md = renderMarkdown(doc);
    for (const heading of [
      '## 1. Summary',
      '## 2. Scope',
      '## 4. Rules to implement',
      '## 5. Objects',
      '## 6. Conditional',
      '## 8. Verification',
      '## 9. Rollback',
      '## 10. Approvals',
      '## Appendix A: required flows',
    ]) {
      expect(md).toContain(heading);
    }
    for (const f of doc.flows) expect(md).toMatch(new RegExp(`^\\| ${f.ref} \\|`, 'm'));
    for (const h of doc.hosts) expect(md).toContain(`**${escapeMarkdown(h.name)}**`);
  });
});

describe('diagram', () => {
  it('draws one frame per zone, one box per host and one routed line per connection', () => {
    const plan = sample('distributed');
    const catalog = getCatalog(plan.catalog);
    const { svg, width, height } = renderDiagram(plan, catalog);
    expect(svg.match(/<rect class="zone"/g)?.length).toBe(plan.zones.length);
    expect(svg.match(/<g class="node">/g)?.length).toBe(plan.nodes.length);
    const edges = /<g class="edges"[^>]*>(.*?)<\/g>/.exec(svg)?.[1] ?? '';
    expect(edges.match(/<path d="M/g)?.length).toBe(plan.connections.length);
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // Without flows no arrowheads or port labels; with them one label per connection with flows.
    expect(svg).not.toContain('port');
    const flows = computeFlows(plan, catalog).flows;
    const withFlows = renderDiagram(plan, catalog, 'T', flows).svg;
    const linked = new Set(flows.map((f) => f.connection).filter(Boolean));
    expect(withFlows.match(/ ports?<\/text>/g)?.length).toBe(linked.size);
    expect(/<g class="arrows"[^>]*>(.*?)<\/g>/.exec(withFlows)?.[1]).toMatch(/<path d="M/);
  });

  it('draws a zone with no host as an empty frame and uses the stored bends', () => {
    const plan = sample('distributed');
    const catalog = getCatalog(plan.catalog);
    const withEmpty = {
      ...plan,
      zones: [...plan.zones, { id: 'dmz', name: 'DMZ <b>', cidrs: [] }],
    };
    const svg = renderDiagram(withEmpty, catalog).svg;
    expect(svg).toContain('no hosts');
    expect(svg).toContain('DMZ &lt;b&gt;');
    // Two nodes side by side with a stored route: the path goes through the bends.
    const a = plan.nodes[0]!;
    const b = plan.nodes[1]!;
    const bent = {
      ...plan,
      zones: [],
      nodes: [
        { ...a, zone: null, position: { x: 0, y: 0 } },
        { ...b, zone: null, position: { x: 400, y: 200 } },
      ],
      connections: [
        {
          id: 'c',
          from: a.id,
          to: b.id,
          bends: [
            { x: 300, y: 30 },
            { x: 300, y: 230 },
          ],
        },
      ],
    };
    expect(renderDiagram(bent, catalog).svg).toContain(
      '<path d="M200,30 L300,30 L300,230 L400,230"/>',
    );
  });
});

describe('golden files (update with `npx vitest run src-core/report -u` after reviewing the diff)', () => {
  it('renders the distributed sample as the reviewed Markdown and HTML', async () => {
    const plan = sample('distributed');
    const catalog = getCatalog(plan.catalog);
    const result = computeFlows(plan, catalog, { today: GOLDEN_TODAY });
    const doc = buildChangeRequest(plan, catalog, result, {
      generatedAt: '2026-01-01',
    });
    await expect(renderMarkdown(doc)).toMatchFileSnapshot('__golden__/distributed.md');
    await expect(renderHtml(doc, { paper: 'a4' })).toMatchFileSnapshot(
      '__golden__/distributed.html',
    );
  });
});
