// The change-request document as one standalone HTML page with a print stylesheet (A4 or Letter).
import {
  type ApprovalRow,
  type ChangeRequestDocument,
  type EnforcementPoint,
  type FlowEnd,
  type FlowRow,
  type HostRow,
  type Paper,
  POLICY_TEXT,
  summaryPoints,
} from './model';
import type { RiskLevel } from './risk';
import { escapeXml } from './diagram';
import type { ScriptFile } from './scripts';

/** A font to embed in the document (a data: URI, so the page needs no network). */
export interface EmbeddedFont {
  /** CSS family name, e.g. "Inter". */
  readonly family: string;
  readonly weight: number;
  readonly style?: 'normal' | 'italic';
  /** `data:font/woff2;base64,…` (or ttf). Anything else is ignored. */
  readonly src: string;
  /** CSS `unicode-range`, when the file covers a subset. */
  readonly unicodeRange?: string;
}

export interface HtmlOptions {
  readonly paper: Paper;
  /** Fonts to embed; without them the system's Inter/DejaVu/Arial are used. */
  readonly fonts?: readonly EmbeddedFont[];
}

/**
 * Escapes text for HTML content and quoted attribute values: the same five characters as XML,
 * so the diagram's escaping serves both.
 */
export const escapeHtml: (s: string) => string = escapeXml;

/**
 * A CSS string literal that no plan text can break out of: everything but plain letters,
 * digits and a few safe punctuation marks becomes a hex escape (so `"`, `\`, `<`, newlines
 * and `</style>` are inert).
 */
export function cssString(s: string): string {
  let out = '"';
  for (const ch of s) {
    out += /^[A-Za-z0-9 .,:_()#+-]$/.test(ch)
      ? ch
      : `\\${(ch.codePointAt(0) ?? 0x3f).toString(16)} `;
  }
  return `${out}"`;
}

const h = escapeHtml;

/** Multi-line user text as paragraphs (line breaks kept, never interpreted as markup). */
function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${h(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** Our own step texts mark commands with backticks; escaped first, so only our markup is added. */
function withCode(text: string): string {
  return h(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** The rollback section's list of host firewall points by inbound policy (none: nothing). */
function policyList(doc: ChangeRequestDocument): string {
  const items = (['restrict', 'allow-only'] as const).flatMap((policy) => {
    const names = doc.hostPolicies.filter((p) => p.policy === policy).map((p) => h(p.name));
    return names.length ? [`<li>${h(POLICY_TEXT[policy])}: ${names.join(', ')}.</li>`] : [];
  });
  return items.length ? `<h3>Host firewall policies</h3><ul>${items.join('')}</ul>` : '';
}

const RISK_MARK: Record<RiskLevel, string> = { low: '●○○', medium: '●●○', high: '●●●' };
const CAP = (s: string): string => (s ? s[0]?.toUpperCase() + s.slice(1) : s);

function riskBadge(level: RiskLevel): string {
  return `<span class="risk risk-${level}"><span class="risk-mark" aria-hidden="true">${RISK_MARK[level]}</span> ${CAP(level)}</span>`;
}

function orDash(s: string, placeholder = 'Not set'): string {
  return s ? h(s) : `<span class="unset">${h(placeholder)}</span>`;
}

function endCell(e: FlowEnd, showZone: boolean): string {
  const addr = e.addresses.length
    ? e.addresses.map((a) => `<span class="addr">${h(a)}</span>`).join(' ')
    : '<span class="unset">no address</span>';
  return (
    `<strong>${h(e.name)}</strong><br><span class="small">${addr}</span>` +
    (showZone ? `<br><span class="small muted">${h(e.zone)}</span>` : '')
  );
}

function purposeCell(f: FlowRow): string {
  const notes: string[] = [];
  for (const c of f.conditions) notes.push(`Condition: ${h(c)}`);
  if (f.override) notes.push(`Port override: ${h(f.override)}`);
  return h(f.purpose) + notes.map((n) => `<br><span class="small note">${n}</span>`).join('');
}

function flowTable(point: EnforcementPoint): string {
  const network = point.kind === 'network';
  const head = network
    ? '<th class="c-ref">Ref</th><th class="c-end">Source</th><th class="c-end">Destination</th><th class="c-proto">Proto</th><th class="c-ports">Port(s)</th><th>Purpose</th><th class="c-src">Published in</th>'
    : '<th class="c-ref">Ref</th><th class="c-end">Source</th><th class="c-proto">Proto</th><th class="c-ports">Port(s)</th><th>Purpose</th><th class="c-src">Published in</th>';
  const rows = point.flows
    .map(
      (f) =>
        `<tr><td class="c-ref">${h(f.ref)}</td><td>${endCell(f.from, network)}</td>` +
        (network ? `<td>${endCell(f.to, true)}</td>` : '') +
        `<td class="nowrap">${h(f.protocol)}</td><td class="ports">${h(f.ports)}</td>` +
        `<td>${purposeCell(f)}</td><td class="small">${h(f.table)}</td></tr>`,
    )
    .join('');
  return `<table class="flows"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function fileList(files: readonly ScriptFile[]): string {
  if (files.length === 0) return '<span class="unset">none</span>';
  return files
    .map((s) => `<code>${h(s.file)}</code> <span class="muted">(${h(s.label)})</span>`)
    .join('; ');
}

function approvalRows(rows: readonly ApprovalRow[]): string {
  return rows
    .map(
      (r) =>
        `<tr class="sign"><td><strong>${h(r.role)}</strong></td><td>${r.name ? h(r.name) : '<span class="line"></span>'}</td>` +
        `<td class="decision">☐ Approved<br>☐ Rejected</td><td><span class="line"></span></td><td><span class="line short"></span></td></tr>`,
    )
    .join('');
}

function fontFaces(fonts: readonly EmbeddedFont[]): string {
  return fonts
    .filter((f) =>
      /^data:(font\/[a-z0-9.+-]+|application\/(font-woff2?|x-font-ttf|octet-stream));base64,[A-Za-z0-9+/=]+$/.test(
        f.src,
      ),
    )
    .map(
      (f) =>
        `@font-face{font-family:${cssString(f.family)};font-weight:${Math.round(f.weight)};font-style:${f.style === 'italic' ? 'italic' : 'normal'};` +
        `src:url(${f.src});font-display:block;${f.unicodeRange && /^[U+0-9A-Fa-f?, -]+$/.test(f.unicodeRange) ? `unicode-range:${f.unicodeRange};` : ''}}`,
    )
    .join('\n');
}

/** Page margin boxes do not see :root custom properties, so they name the fonts directly. */
const PAGE_FONT = "'Inter', 'Portolan Mono', 'DejaVu Sans', Arial, sans-serif";

function stylesheet(doc: ChangeRequestDocument, options: HtmlOptions): string {
  const size = options.paper === 'letter' ? 'letter' : 'A4';
  const number = doc.details.number || 'Change request (number not assigned)';
  return `${fontFaces(options.fonts ?? [])}
@page {
  size: ${size};
  margin: 18mm 15mm 17mm 15mm;
  @top-left { content: ${cssString(number)}; font: 600 8pt ${PAGE_FONT}; color: #222; vertical-align: bottom; padding-bottom: 3mm; }
  @top-right { content: ${cssString(doc.details.title)}; font: 8pt ${PAGE_FONT}; color: #444; vertical-align: bottom; padding-bottom: 3mm; }
  @bottom-left { content: ${cssString(`Portolan · ${doc.catalog.edition}${doc.generatedAt ? ` · ${doc.generatedAt}` : ''}`)}; font: 7.5pt ${PAGE_FONT}; color: #444; vertical-align: top; padding-top: 3mm; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 600 8pt ${PAGE_FONT}; color: #222; vertical-align: top; padding-top: 3mm; }
}
@page diagram-landscape { size: ${size} landscape; }
@page :first {
  @top-left { content: none; } @top-right { content: none; }
}
:root {
  --sans: 'Inter', 'Portolan Mono', 'DejaVu Sans', Arial, Helvetica, sans-serif;
  --mono: 'Portolan Mono', 'DejaVu Sans Mono', Consolas, 'Liberation Mono', monospace;
  --rule: #222; --grid: #9a9a9a; --shade: #efefef; --zebra: #f7f7f7;
}
* { box-sizing: border-box; }
html { color: #111; background: #fff; font: 9.5pt/1.42 var(--sans); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
@media screen {
  html { background: #d9d9d9; }
  body { max-width: ${options.paper === 'letter' ? '216mm' : '210mm'}; margin: 12px auto; padding: 18mm 15mm; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.25); }
}
h1, h2, h3, h4 { font-weight: 700; line-height: 1.2; break-after: avoid; page-break-after: avoid; }
h2 { font-size: 14pt; margin: 0 0 3mm; padding-bottom: 1.5mm; border-bottom: 1.5pt solid var(--rule); }
h3 { font-size: 11pt; margin: 6mm 0 2mm; }
h4 { font-size: 9.5pt; margin: 4mm 0 1.5mm; }
section.chapter { break-before: page; }
p { margin: 0 0 2.5mm; }
code, .mono, .ports, .addr { font-family: var(--mono); font-size: 0.92em; }
.addr { overflow-wrap: anywhere; }
.small { font-size: 0.86em; }
.muted { color: #444; }
/* No italics: Inter italic is not embedded and synthetic obliques print as Type 3 fonts. */
.note { color: #333; }
.unset { color: #555; }
.nowrap, .ports { white-space: nowrap; }
table { width: 100%; border-collapse: collapse; margin: 1.5mm 0 4mm; font-size: 8.4pt; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.6pt solid var(--grid); padding: 1.3mm 1.6mm; text-align: left; vertical-align: top; }
th { background: var(--shade); border-bottom: 1.2pt solid var(--rule); font-weight: 700; }
tbody tr:nth-child(even) td { background: var(--zebra); }
td { overflow-wrap: anywhere; }
.c-ref { width: 7%; white-space: nowrap; font-weight: 600; }
.c-end { width: 19%; } .c-proto { width: 7%; } .c-ports { width: 11%; } .c-src { width: 13%; }
table.kv { font-size: 9pt; }
table.kv th { width: 30%; background: var(--shade); border-bottom: 0.6pt solid var(--grid); }
table.kv tbody tr:nth-child(even) td { background: none; }
.cover { min-height: 230mm; display: flex; flex-direction: column; }
.cover .kicker { font-size: 10pt; letter-spacing: 0.16em; text-transform: uppercase; color: #333; margin-top: 8mm; }
.cover h1 { font-size: 24pt; margin: 2mm 0 2mm; }
.cover .number { font-size: 15pt; font-weight: 600; margin-bottom: 6mm; font-family: var(--mono); }
.cover .number .unset { font-family: var(--sans); font-weight: 400; font-size: 12pt; }
.cover .plan { font-size: 10.5pt; margin-bottom: 6mm; color: #222; }
.cover .purpose { margin-top: 7mm; font-size: 9.5pt; }
.cover h2.plain { font-size: 10.5pt; border: 0; padding: 0; margin: 0 0 1.5mm; }
.cover .contents { margin-top: auto; border-top: 1.2pt solid var(--rule); padding-top: 3mm; }
.cover .contents ol { columns: 2; margin: 1mm 0 0; padding-left: 5mm; }
.risk { display: inline-block; border: 1pt solid #111; border-radius: 2mm; padding: 0 2mm; font-weight: 700; white-space: nowrap; }
.risk-high { border-width: 2pt; }
.risk-mark { letter-spacing: 0.08em; font-size: 0.9em; }
.stats { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin: 2mm 0 5mm; }
.stat { border: 0.8pt solid var(--grid); border-radius: 1.5mm; padding: 2mm; break-inside: avoid; }
.stat b { display: block; font-size: 15pt; line-height: 1.1; }
.stat span { font-size: 8pt; color: #333; }
ul.reasons, ol.steps { margin: 1mm 0 4mm; padding-left: 6mm; }
ul.reasons li, ol.steps li { margin-bottom: 1.2mm; break-inside: avoid; }
.level { font-weight: 700; font-size: 0.86em; text-transform: uppercase; letter-spacing: 0.05em; }
figure.diagram { margin: 2mm 0; border: 0.8pt solid var(--grid); padding: 3mm; break-inside: avoid; }
figure.diagram svg { display: block; width: 100%; height: auto; max-height: 205mm; }
section.landscape { page: diagram-landscape; }
section.landscape figure.diagram svg { max-height: 140mm; }
figure.diagram figcaption { font-size: 8pt; color: #333; margin-top: 2mm; }
.point-meta { margin: 0 0 1.5mm; font-size: 8.6pt; }
td.cmd code { white-space: pre-wrap; overflow-wrap: anywhere; }
tr.sign td { height: 17mm; vertical-align: bottom; background: none !important; }
.decision { white-space: nowrap; font-size: 8.5pt; vertical-align: middle !important; }
.line { display: inline-block; width: 100%; border-bottom: 0.8pt solid #111; height: 1em; }
.line.short { width: 100%; }
.box { border: 0.8pt solid var(--grid); min-height: 28mm; padding: 2mm; margin-top: 2mm; }
.callout { border-left: 2.5pt solid #111; padding: 1mm 0 1mm 3mm; margin: 2mm 0 4mm; background: var(--zebra); }
`;
}

/**
 * Renders the document as standalone HTML: no external resources (fonts as data: URIs, the
 * diagram inline), every plan string escaped, and a print stylesheet that repeats table
 * headers, never splits a row, numbers pages and carries the change number on every page.
 */
export function renderHtml(doc: ChangeRequestDocument, options: HtmlOptions): string {
  const d = doc.details;
  const s = doc.summary;
  const number = d.number;
  const window =
    d.windowStart || d.windowEnd
      ? `${d.windowStart ? h(d.windowStart.replace('T', ' ')) : '?'} – ${d.windowEnd ? h(d.windowEnd.replace('T', ' ')) : '?'}`
      : '<span class="unset">Not set</span>';
  const permanence =
    d.permanence === 'temporary'
      ? `Temporary — expires ${d.expires ? h(d.expires) : '<span class="unset">expiry not set</span>'}`
      : 'Permanent';
  const networkPoints = doc.enforcementPoints.filter((p) => p.kind === 'network');
  const hostPoints = doc.enforcementPoints.filter((p) => p.kind === 'host');
  // Look-ups built once: per-point and per-zone searches of the host list would be quadratic.
  const hostById = new Map<string, HostRow>();
  const hostsInZone = new Map<string, number>();
  for (const x of doc.hosts) {
    if (!hostById.has(x.id)) hostById.set(x.id, x);
    hostsInZone.set(x.zone, (hostsInZone.get(x.zone) ?? 0) + x.hostCount);
  }

  const chapters: string[] = [];
  const contents: string[] = [];
  let chapterNo = 0;
  const chapter = (id: string, title: string, body: string, extraClass = ''): void => {
    chapterNo++;
    contents.push(`<li>${h(title)}</li>`);
    chapters.push(
      `<section class="chapter${extraClass}" id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${chapterNo}. ${h(title)}</h2>${body}</section>`,
    );
  };

  // 1. Summary
  chapter(
    'summary',
    'Summary',
    `<div class="stats">` +
      [
        [s.hosts, 'hosts in scope'],
        [s.flows, 'required network flows'],
        [s.crossZoneFlows, 'flows through network firewalls'],
        [
          s.networkPoints + s.hostPoints,
          `enforcement points (${s.networkPoints} network, ${s.hostPoints} host)`,
        ],
      ]
        .map(([n, label]) => `<div class="stat"><b>${n}</b><span>${h(String(label))}</span></div>`)
        .join('') +
      `</div>` +
      `<h3>Business justification</h3>${paragraphs(d.justification)}` +
      `<h3>Impact if not implemented</h3>${paragraphs(d.impactIfNotDone)}` +
      `<h3>Risk</h3><p>Risk stated for this change: ${riskBadge(doc.risk.level)}` +
      (doc.risk.overridden
        ? ` — set by the requester; the computed suggestion is ${riskBadge(doc.risk.suggested)}.`
        : ' — as suggested from the flows.') +
      `</p><ul class="reasons">${doc.risk.reasons
        .map((r) => `<li><span class="level">[${h(r.level)}]</span> ${h(r.message)}</li>`)
        .join('')}</ul>` +
      `<h3>Enforcement points</h3><table class="points"><thead><tr><th>Enforcement point</th><th class="c-ports">Flows</th></tr></thead><tbody>` +
      summaryPoints(doc)
        .map((p) => `<tr><td>${h(p.title)}</td><td>${p.flows}</td></tr>`)
        .join('') +
      (doc.enforcementPoints.length === 0
        ? '<tr><td colspan="2"><span class="unset">No network flow is required.</span></td></tr>'
        : '') +
      `</tbody></table>` +
      (doc.warnings.length
        ? `<h3>Open findings</h3><p>The plan's validation reports the following; review them before approval.</p><ul class="reasons">${doc.warnings
            .map(
              (w) =>
                `<li>${h(w.message)}${w.acknowledged === undefined ? '' : ` <em>(acknowledged: ${h(w.acknowledged)})</em>`}</li>`,
            )
            .join('')}</ul>`
        : ''),
  );

  // 2. Scope
  chapter(
    'scope',
    'Scope',
    `<h3>Zones</h3>` +
      (doc.zones.length
        ? `<table><thead><tr><th>Zone</th><th>Networks</th><th class="c-ports">Hosts</th></tr></thead><tbody>${doc.zones
            .map(
              (z) =>
                `<tr><td><strong>${h(z.name)}</strong></td><td>${z.cidrs.map((c) => `<span class="addr">${h(c)}</span>`).join(', ') || '<span class="unset">none</span>'}</td><td>${hostsInZone.get(z.name) ?? 0}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : '<p class="unset">The plan defines no zones: all hosts are treated as one network segment.</p>') +
      `<h3>Hosts</h3><table class="hosts"><thead><tr><th style="width:18%">Name</th><th style="width:22%">Hostname</th><th style="width:22%">Addresses</th><th style="width:14%">Zone</th><th>Type and roles</th></tr></thead><tbody>` +
      doc.hosts
        .map(
          (x) =>
            `<tr><td><strong>${h(x.name)}</strong></td><td class="addr">${orDash(x.hostname, '—')}</td>` +
            `<td>${x.addresses.length ? x.addresses.map((a) => `<span class="addr">${h(a)}</span>`).join('<br>') : '<span class="unset">none</span>'}` +
            (x.members.length
              ? `<br><span class="small">group of ${x.hostCount} hosts; members: ${x.members.map((m) => h(m)).join(', ')}</span>`
              : '') +
            `</td>` +
            `<td>${h(x.zone)}</td><td>${h(x.type)}${x.extraRoles.length ? `<br><span class="small">also: ${h(x.extraRoles.join(', '))}</span>` : ''}</td></tr>`,
        )
        .join('') +
      `</tbody></table>`,
  );

  // 3. Diagram
  chapter(
    'diagram',
    'Diagram',
    `<figure class="diagram">${doc.diagram.svg}<figcaption>Hosts as placed in the plan; dashed frames are zones (name and networks at the top), lines are the connections the flows derive from; a dashed host is an internet endpoint.</figcaption></figure>`,
    // A wide diagram gets a landscape page of the same paper size, so it prints larger.
    doc.diagram.width > doc.diagram.height * 1.3 ? ' landscape' : '',
  );

  // 4. Required flows
  chapter(
    'flows',
    'Required flows',
    `<p>Every flow below is required by the connections of the plan and cites the row of the published port table it comes from (${doc.sources.map((x) => h(x.title)).join('; ')}). Flows are numbered once (F1…) and keep their number wherever they appear. All flows are new allow rules for new connections from source to destination; replies are allowed by the firewalls' connection tracking.</p>` +
      (doc.flows.length === 0 ? '<p class="unset">No network flow is required.</p>' : '') +
      (networkPoints.length
        ? `<h3>Network firewalls (between zones)</h3>`
        : '<p>No flow crosses a zone boundary: no network firewall change is needed.</p>') +
      networkPoints
        .map(
          (p) =>
            `<h4>${h(p.title)}</h4><p class="point-meta">${p.flows.length} flow${p.flows.length === 1 ? '' : 's'}. Rule lists for the network team: ${fileList(p.scripts)}</p>${flowTable(p)}`,
        )
        .join('') +
      (hostPoints.length ? `<h3>Host firewalls (inbound on the destination)</h3>` : '') +
      hostPoints
        .map((p) => {
          const host = p.node === undefined ? undefined : hostById.get(p.node);
          const addr = host?.addresses.length ? host.addresses.join(', ') : 'no address';
          return `<h4>${h(p.title)}</h4><p class="point-meta">${h(host?.type ?? '')} · <span class="addr">${h(addr)}</span> · zone ${h(host?.zone ?? '')}. ${p.flows.length} flow${p.flows.length === 1 ? '' : 's'}. Implemented by: ${fileList(p.scripts)}</p>${flowTable(p)}`;
        })
        .join('') +
      (doc.localFlows.length
        ? `<h3>Local flows (no network rule)</h3><p>These connect two roles of the same host; they never leave it and need no firewall change.</p>` +
          `<table><thead><tr><th class="c-ref">Ref</th><th class="c-end">Host</th><th class="c-proto">Proto</th><th class="c-ports">Port(s)</th><th>Purpose</th><th class="c-src">Published in</th></tr></thead><tbody>${doc.localFlows
            .map(
              (f) =>
                `<tr><td class="c-ref">${h(f.ref)}</td><td><strong>${h(f.from.name)}</strong></td><td>${h(f.protocol)}</td><td class="ports">${h(f.ports)}</td><td>${purposeCell(f)}</td><td class="small">${h(f.table)}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : ''),
  );

  // 5. Absent flows
  chapter(
    'absent',
    'Conditional flows not required',
    doc.absent.length
      ? `<p>The published tables list these flows only under conditions that do not hold in this plan. They are <strong>not</strong> requested; should a condition change, the plan must be updated and this change request revised.</p>` +
          `<table><thead><tr><th class="c-end">Source</th><th class="c-end">Destination</th><th class="c-proto">Proto</th><th class="c-ports">Port(s)</th><th>Purpose</th><th style="width:24%">Why not required</th></tr></thead><tbody>${doc.absent
            .map(
              (a) =>
                `<tr><td><strong>${h(a.from)}</strong></td><td><strong>${h(a.to)}</strong></td><td>${h(a.protocol)}</td><td class="ports">${h(a.ports)}</td><td>${h(a.purpose)}<br><span class="small muted">${h(a.table)}</span></td><td>${h(a.reason)}</td></tr>`,
            )
            .join('')}</tbody></table>`
      : '<p>Every conditional rule that applies to these connections holds: no conditional flow was left out.</p>',
  );

  // 6. Implementation scripts
  chapter(
    'scripts',
    'Implementation',
    `<p>Portolan exports ready-to-run rule sets for each enforcement point (<code>portolan export PLAN --format F --out DIR</code>, or Export in the app). ` +
      'File names below are those the exports of this plan write. Use the format that matches the firewall in place on each host; one of them is enough.</p>' +
      `<table><thead><tr><th style="width:34%">Enforcement point</th><th>Exported files</th></tr></thead><tbody>${doc.enforcementPoints
        .map((p) => `<tr><td>${h(p.title)}</td><td class="small">${fileList(p.scripts)}</td></tr>`)
        .join('')}` +
      (doc.planFiles.length
        ? `<tr><td>Plan-wide files</td><td class="small">${fileList(doc.planFiles)}</td></tr>`
        : '') +
      `</tbody></table>`,
  );

  // 7. Verification
  chapter(
    'verification',
    'Verification',
    `${paragraphs(d.verificationPlan)}<div class="callout">Run each command on the source host. A successful connection proves the path is open. A timeout means a firewall still drops the flow. "Connection refused" means the destination answered but its service is not listening (yet) — the network path is open. Ranges are opened as one rule and tested at their first port.</div>` +
      (doc.verification.length === 0
        ? '<p class="unset">Nothing to verify: no network flow.</p>'
        : '') +
      doc.verification
        .map(
          (g) =>
            `<h4>From ${h(g.host.name)} (${g.shell === 'bash' ? 'bash' : 'PowerShell'})</h4>` +
            `<p class="point-meta">Check script: ${g.script ? `<code>${h(g.script.file)}</code> <span class="muted">(${h(g.script.label)})</span>` : '<span class="unset">none exported</span>'}</p>` +
            `<table><thead><tr><th class="c-ref">Ref</th><th style="width:50%">Command</th><th>Checks</th></tr></thead><tbody>${g.checks
              .map(
                (c) =>
                  `<tr><td class="c-ref">${h(c.flowRef)}</td><td class="cmd">${c.command ? `<code>${h(c.command)}</code>` : '<span class="unset">no command</span>'}</td><td class="small">${h(c.note)}</td></tr>`,
              )
              .join('')}</tbody></table>`,
        )
        .join(''),
  );

  // 8. Rollback
  chapter(
    'rollback',
    'Rollback',
    `${paragraphs(d.rollbackPlan)}${policyList(doc)}<h3>Steps</h3><ol class="steps">${doc.rollback.map((st) => `<li>${withCode(st)}</li>`).join('')}</ol>`,
  );

  // 9. Approvals
  chapter(
    'approvals',
    'Approvals',
    `<p>By signing, each party confirms they reviewed the flows, the risk (${riskBadge(doc.risk.level)}) and the rollback steps of change ${number ? `<strong>${h(number)}</strong>` : 'request'}.</p>` +
      `<table class="approvals"><thead><tr><th style="width:22%">Role</th><th style="width:24%">Name</th><th style="width:14%">Decision</th><th style="width:24%">Signature</th><th>Date</th></tr></thead><tbody>${approvalRows(doc.approvals)}</tbody></table>` +
      `<h4>Conditions or comments</h4><div class="box"></div>` +
      `<h3>Sources</h3><ul class="reasons">${doc.sources
        .map(
          (x) =>
            `<li>${h(x.title)} (version ${h(x.version)}${x.build ? `, build ${h(x.build)}` : ''})${x.url ? ` — <span class="addr">${h(x.url)}</span>` : ''}</li>`,
        )
        .join(
          '',
        )}<li>Catalog edition <code>${h(doc.catalog.edition)}</code>: ${h(doc.catalog.title)}</li></ul>`,
  );

  const cover =
    `<section class="cover" aria-label="Cover"><div class="kicker">Network change request</div>` +
    `<h1>${h(d.title)}</h1>` +
    `<div class="number">${number ? h(number) : '<span class="unset">Change number not assigned</span>'}</div>` +
    `<div class="plan">Plan <strong>${h(doc.planName)}</strong> · ${h(doc.catalog.title)}</div>` +
    `<table class="kv"><tbody>` +
    [
      ['Requester', orDash(d.requester)],
      ['Implementer', orDash(d.implementer)],
      [
        'Approvers',
        d.approvers.length ? h(d.approvers.join(', ')) : '<span class="unset">Not set</span>',
      ],
      ['Planned window', window],
      ['Category', h(CAP(d.category))],
      ['Priority', h(CAP(d.priority))],
      [
        'Risk',
        `${riskBadge(doc.risk.level)}${doc.risk.overridden ? ` <span class="small muted">(suggested: ${h(doc.risk.suggested)})</span>` : ''}`,
      ],
      ['Duration', permanence],
      [
        'Scope',
        `${s.hosts} hosts, ${s.zones} zones, ${s.flows} required flows, ${s.networkPoints + s.hostPoints} enforcement points`,
      ],
      ...(doc.generatedAt ? [['Generated', h(doc.generatedAt)]] : []),
    ]
      .map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`)
      .join('') +
    `</tbody></table>` +
    `<div class="purpose"><h2 class="plain">Purpose</h2>${paragraphs(d.justification)}</div>` +
    `<div class="contents"><strong>Contents</strong><ol>${contents.join('')}</ol></div></section>`;

  const docTitle = `${number ? `${number} — ` : ''}${d.title}`;
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${h(docTitle)}</title><style>${stylesheet(doc, options)}</style></head>` +
    `<body>${cover}${chapters.join('')}</body></html>\n`
  );
}
