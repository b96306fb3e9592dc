// The change-request document as one standalone HTML page with a print stylesheet (A4 or Letter).
import {
  type AbsentRow,
  type ApprovalRow,
  type ChangeRequestDocument,
  type EnforcementPoint,
  type FlowEnd,
  type FlowRow,
  type HostRow,
  type Paper,
  APPENDIX_FLOW_LIMIT,
  HOST_LIST_LIMIT,
  POLICY_TEXT,
  absentSummary,
  summaryPoints,
} from './model';
import { FLOW_REFS_SHOWN, type HostRuleGroup, type RuleRow } from './rules';
import type { RiskLevel } from './risk';
import { type DeltaSection, unplacedRemovedFlows } from './delta';
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

function purposeCell(f: FlowRow): string {
  const notes: string[] = [];
  for (const c of f.conditions) notes.push(`Condition: ${h(c)}`);
  if (f.override) notes.push(`Port override: ${h(f.override)}`);
  return h(f.purpose) + notes.map((n) => `<br><span class="small note">${n}</span>`).join('');
}

/** Flow references of a rule row: the first few, then how many more (the appendix has all). */
function refsText(r: RuleRow): string {
  const shown = r.flowRefs.slice(0, FLOW_REFS_SHOWN).join(', ');
  const more = r.flowRefs.length - FLOW_REFS_SHOWN;
  return `${shown}${more > 0 ? ` +${more}` : ''}`;
}

/** Services of a row; the ports are spelled out unless the name already says them (`TCP_443`). */
function serviceCell(r: RuleRow): string {
  return r.services
    .map((x) => {
      const named = x.name === `${x.protocol}_${x.ports.replace(/-/g, '_')}`;
      return named
        ? `<code>${h(x.name)}</code>`
        : `<code>${h(x.name)}</code> <span class="small nowrap">(${h(x.protocol)} <span class="ports">${h(x.ports)}</span>)</span>`;
    })
    .join(', ');
}

/** Purposes, then the published rows and (with the appendix) the flow references, small. */
function purposeOfRule(r: RuleRow, appendix: boolean): string {
  if (r.sameAs.length) {
    return `<span class="muted">As network rule${r.sameAs.length === 1 ? '' : 's'} ${h(r.sameAs.join(', '))}, on the host</span>`;
  }
  const refs = appendix && r.flowRefs.length ? ` · ${h(refsText(r))}` : '';
  return `${r.purposes.map(h).join('; ')}<br><span class="small muted">${h(r.tables)}${refs}</span>`;
}

const RULE_HEAD_END =
  '<th class="c-svc">Services</th><th>Purpose · published in</th><th class="c-n">Flows</th>';

function ruleRow(r: RuleRow, withDestination: boolean, appendix: boolean): string {
  return (
    `<tr><td class="c-ref">${h(r.ref)}</td><td><code>${h(r.source)}</code></td>` +
    (withDestination ? `<td><code>${h(r.destination)}</code></td>` : '') +
    `<td>${serviceCell(r)}</td><td>${purposeOfRule(r, appendix)}</td><td>${r.flows}</td></tr>`
  );
}

/**
 * The rule table of one network firewall. A block of rows with the same services and purpose
 * prints them once (spanning its rows); each row keeps its own number, ends and flow count.
 */
function ruleTable(blocks: readonly (readonly RuleRow[])[], appendix: boolean): string {
  const head = `<th class="c-ref">Rule</th><th class="c-grp">Source</th><th class="c-grp">Destination</th>${RULE_HEAD_END}`;
  const rows = blocks
    .map((block) => {
      if (block.length === 1) return ruleRow(block[0]!, true, appendix);
      const first = block[0]!;
      const span = ` rowspan="${block.length}"`;
      const refs = appendix ? ` · ${h(block.map(refsText).join(' · '))}` : '';
      const shared =
        `<td${span}>${serviceCell(first)}</td>` +
        `<td${span}>${first.purposes.map(h).join('; ')}<br><span class="small muted">${h(first.tables)}${refs}</span></td>`;
      return block
        .map(
          (r, i) =>
            `<tr class="${i === 0 ? 'block-first' : 'block'}"><td class="c-ref">${h(r.ref)}</td><td><code>${h(r.source)}</code></td><td><code>${h(r.destination)}</code></td>` +
            (i === 0 ? shared : '') +
            `<td>${r.flows}</td></tr>`,
        )
        .join('');
    })
    .join('');
  return `<table class="rules"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** Every host firewall in one table: a heading row per set of hosts, then their rules. */
function hostRuleTable(groups: readonly HostRuleGroup[], appendix: boolean): string {
  const head = `<th class="c-ref">Rule</th><th class="c-grp">Source</th>${RULE_HEAD_END}`;
  const body = groups
    .map((g) => {
      const title =
        g.hosts.length === 1
          ? `Host firewall of ${hostList(g.hosts)}`
          : `Host firewalls of ${g.hosts.length} hosts, the same rules on each: ${hostList(g.hosts)}`;
      // Rows that repeat a network rule are one line (they keep their numbers); others in full.
      const repeated = g.rules.filter((r) => r.sameAs.length > 0);
      const own = g.rules.filter((r) => r.sameAs.length === 0);
      if (own.length === 0) {
        return `<tr class="group"><th colspan="5" scope="rowgroup">${title}: the network rule${repeated.length === 1 ? '' : 's'} on the host (${h(repeated.map((r) => `${r.ref} = ${r.sameAs.join(', ')}`).join('; '))})</th></tr>`;
      }
      const same = repeated.length
        ? `<tr><td colspan="5"><span class="muted">${own.length ? 'Also the' : 'The'} network rule${repeated.length === 1 ? '' : 's'} on the host:</span> ${h(repeated.map((r) => `${r.ref} = ${r.sameAs.join(', ')}`).join('; '))}</td></tr>`
        : '';
      return (
        `<tr class="group"><th colspan="5" scope="rowgroup">${title}</th></tr>` +
        own.map((r) => ruleRow(r, false, appendix)).join('') +
        same
      );
    })
    .join('');
  return `<table class="rules hosts-rules"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The appendix's one line per flow: ends, service, published row, the rules that allow it. */
function appendixTable(
  flows: readonly FlowRow[],
  rulesOf: ReadonlyMap<string, readonly string[]>,
): string {
  // Names only: addresses are in the scope's host list and the objects.
  const end = (e: FlowEnd) => `<strong>${h(e.name)}</strong>`;
  const rows = flows
    .map(
      (f) =>
        `<tr><td class="c-ref">${h(f.ref)}</td><td>${end(f.from)}</td><td>${end(f.to)}</td>` +
        `<td class="nowrap">${h(f.protocol)} <span class="ports">${h(f.ports)}</span></td>` +
        `<td>${h(f.table)}${notes(f)}</td><td>${h((rulesOf.get(f.id) ?? []).join(', ')) || '<span class="unset">none</span>'}</td></tr>`,
    )
    .join('');
  return `<table class="rules appendix"><thead><tr><th class="c-ref">Ref</th><th class="a-end">Source</th><th class="a-end">Destination</th><th class="a-svc">Service</th><th>Published in (purpose: see the rules)</th><th class="a-rules">Rules</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** A flow's conditions and port override, small, after its published row. */
function notes(f: FlowRow): string {
  const out: string[] = [];
  for (const c of f.conditions) out.push(`Condition: ${h(c)}`);
  if (f.override) out.push(`Port override: ${h(f.override)}`);
  return out.map((n) => `<br><span class="small note">${n}</span>`).join('');
}

/** Groups and host lists name their members up to this many (larger ones: count, in the CSV). */
const MEMBERS_SHOWN = 8;

/** Host names with their addresses, inline; long lists name the hosts only. */
function hostList(hosts: readonly { name: string; addresses: readonly string[] }[]): string {
  if (hosts.length > MEMBERS_SHOWN) return hosts.map((x) => h(x.name)).join(', ');
  return hosts
    .map(
      (x) =>
        `<strong>${h(x.name)}</strong>${x.addresses.length ? ` <span class="addr">${h(x.addresses.join(' '))}</span>` : ''}`,
    )
    .join(', ');
}

function absentTable(absent: readonly AbsentRow[]): string {
  if (absent.length <= HOST_LIST_LIMIT) {
    return `<table class="rules"><thead><tr><th class="c-grp">Source</th><th class="c-grp">Destination</th><th class="c-svc">Service</th><th>Purpose · published in</th><th style="width:30%">Why not required</th></tr></thead><tbody>${absent
      .map(
        (a) =>
          `<tr><td><strong>${h(a.from)}</strong></td><td><strong>${h(a.to)}</strong></td><td class="nowrap">${h(a.protocol)} <span class="ports">${h(a.ports)}</span></td><td>${h(a.purpose)}<br><span class="small muted">${h(a.table)}</span></td><td>${h(a.reason)}</td></tr>`,
      )
      .join('')}</tbody></table>`;
  }
  return `<p>${absent.length} conditional flows, one line per published row (with one example of why):</p><table class="rules"><thead><tr><th class="c-proto">Proto</th><th class="c-ports">Port(s)</th><th>Purpose</th><th class="c-n">Flows</th><th style="width:34%">Example: why not required</th></tr></thead><tbody>${absentSummary(
    absent,
  )
    .map(
      (a) =>
        `<tr><td>${h(a.protocol)}</td><td class="ports">${h(a.ports)}</td><td>${h(a.purpose)}<br><span class="small muted">${h(a.table)}</span></td><td>${a.count}</td><td class="small">${h(a.example)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

/** Hosts counted by zone and type, for plans too large to list every host. */
function hostCounts(doc: ChangeRequestDocument): { zone: string; type: string; count: number }[] {
  const counts = new Map<string, { zone: string; type: string; count: number }>();
  for (const x of doc.hosts) {
    const key = `${x.zone}\n${x.type}`;
    const c = counts.get(key);
    if (c) c.count += x.hostCount;
    else counts.set(key, { zone: x.zone, type: x.type, count: x.hostCount });
  }
  return [...counts.values()];
}

/** Host files per export format: how many hosts get one, and the file names. */
function filesByFormat(
  points: readonly EnforcementPoint[],
): { label: string; count: number; files: string[] }[] {
  const byFormat = new Map<string, { label: string; count: number; files: string[] }>();
  for (const p of points) {
    for (const f of p.scripts) {
      const entry = byFormat.get(f.format);
      if (entry) {
        entry.count++;
        entry.files.push(f.file);
      } else byFormat.set(f.format, { label: f.label, count: 1, files: [f.file] });
    }
  }
  return [...byFormat.values()];
}

/** Flows a delta removes: reference, ends with addresses, service, published row. */
function removedTable(flows: readonly FlowRow[]): string {
  const end = (e: FlowEnd) =>
    `<strong>${h(e.name)}</strong><br><span class="small addr">${h(e.addresses.join(', '))}</span>`;
  const rows = flows
    .map(
      (f) =>
        `<tr><td class="c-ref">${h(f.ref)}</td><td>${end(f.from)}</td><td>${end(f.to)}</td>` +
        `<td class="nowrap">${h(f.protocol)} <span class="ports">${h(f.ports)}</span></td>` +
        `<td>${h(f.purpose)}<br><span class="small muted">${h(f.table)}</span></td></tr>`,
    )
    .join('');
  return `<table class="rules appendix"><thead><tr><th class="c-ref">Ref</th><th class="a-end">Source</th><th class="a-end">Destination</th><th class="a-svc">Service</th><th>Purpose · published in</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The Changes part of a delta document's summary: hosts, rule counts, and the flows removed. */
function deltaSection(delta: DeltaSection): string {
  const hostRow = (x: HostRow, change: string) =>
    `<tr><td><strong>${h(x.name)}</strong></td><td>${x.addresses.map((a) => `<span class="addr">${h(a)}</span>`).join('<br>') || '<span class="unset">none</span>'}</td><td>${h(x.type)}</td><td>${change}</td></tr>`;
  const hostRows = [
    ...delta.addedHosts.map((x) => hostRow(x, '<strong>added</strong>')),
    ...delta.removedHosts.map((x) => hostRow(x, '<strong>removed</strong>')),
    ...delta.changedHosts.map((c) => hostRow(c.host, `changed: ${h(c.fields.join(', '))}`)),
  ];
  return (
    `<h3>Changes since the ${h(delta.since)}</h3>` +
    `<p class="delta-summary">${h(delta.summary)}. Only what this change adds or removes is listed in this document; everything else stays as approved.</p>` +
    (hostRows.length
      ? `<h4>Hosts added, removed or changed</h4><table class="hosts"><thead><tr><th style="width:22%">Name</th><th style="width:24%">Addresses</th><th style="width:22%">Type</th><th>Change</th></tr></thead><tbody>${hostRows.join('')}</tbody></table>`
      : '') +
    (delta.rules.length
      ? `<h4>Rules per enforcement point</h4><table class="points"><thead><tr><th>Enforcement point</th><th class="c-ports">Added</th><th class="c-ports">Removed</th></tr></thead><tbody>${delta.rules
          .map((r) => `<tr><td>${h(r.point)}</td><td>${r.added}</td><td>${r.removed}</td></tr>`)
          .join('')}</tbody></table>`
      : '') +
    `<h4>Flows removed</h4>` +
    (delta.removedFlows.length + delta.removedLocalFlows.length === 0
      ? '<p>This change removes no flow.</p>'
      : `<p>These flows are no longer needed: remove their rules (numbered D1…) at each enforcement point below.</p>` +
        delta.removedPoints
          .map(
            (p) =>
              `<h4>${h(p.title)}: remove</h4><p class="point-meta">${p.flows.length} flow${p.flows.length === 1 ? '' : 's'} removed.</p>${removedTable(p.flows)}`,
          )
          .join('') +
        ((unplaced) =>
          unplaced.length
            ? `<h4>Flows removed outside any enforcement point</h4><p class="point-meta">No firewall of this document carried them (an end without a usable address, or no point between their ends); remove whatever allowed them.</p>${removedTable(unplaced)}`
            : '')(unplacedRemovedFlows(delta)) +
        (delta.removedLocalFlows.length
          ? `<p>Local flows removed (no network rule): ${delta.removedLocalFlows.map((f) => `${h(f.ref)} ${h(f.from.name)} ${h(f.protocol)} ${h(f.ports)}`).join('; ')}.</p>`
          : ''))
  );
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
section.chapter { margin-top: 7mm; }
section.chapter.page { break-before: page; }
.cover { break-after: page; }
p { margin: 0 0 2.5mm; }
code, .mono, .ports, .addr { font-family: var(--mono); font-size: 0.92em; }
.addr { overflow-wrap: anywhere; }
.small { font-size: 0.86em; }
.muted { color: #444; }
/* No italics: Inter italic is not embedded and synthetic obliques print as Type 3 fonts. */
.note { color: #333; }
.unset { color: #555; }
.nowrap, .ports { white-space: nowrap; }
table { width: 100%; border-collapse: collapse; margin: 1.5mm 0 4mm; font-size: 8.2pt; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.6pt solid var(--grid); padding: 1mm 1.4mm; text-align: left; vertical-align: top; }
th { background: var(--shade); border-bottom: 1.2pt solid var(--rule); font-weight: 700; }
tbody tr:nth-child(even) td { background: var(--zebra); }
td { overflow-wrap: anywhere; }
.c-ref { width: 7%; white-space: nowrap; font-weight: 600; }
.c-end { width: 19%; } .c-proto { width: 7%; } .c-ports { width: 11%; } .c-src { width: 13%; }
.c-grp { width: 18%; } .c-svc { width: 17%; } .c-n { width: 5%; }
table.rules .c-ref { width: 4.5%; } table.rules .c-src { width: 15%; }
table.rules { table-layout: fixed; }
table.rules { font-size: 7.8pt; margin: 1mm 0 3mm; }
table.rules th, table.rules td { padding: 0.7mm 1.2mm; line-height: 1.3; }
table.rules code { font-size: 0.9em; overflow-wrap: anywhere; }
table.rules tr.group th { background: #e4e4e4; font-weight: 400; border-top: 1.2pt solid var(--rule); }
table.rules tr.group strong { font-weight: 700; }
table.objects .o-name { width: 22%; }
ul.hosts-objects { columns: 3; column-gap: 5mm; list-style: none; padding: 0; margin: 1mm 0 4mm; font-size: 7.8pt; }
ul.hosts-objects li { break-inside: avoid; }
table.rules tr.block td { border-top-style: dotted; }
table.appendix .a-end { width: 12%; } table.appendix .a-svc { width: 11%; } table.appendix .a-rules { width: 9%; }
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
.cover .contents li.appendix { list-style: none; }
ul.services { columns: 3; column-gap: 5mm; list-style: none; padding: 0; margin: 1mm 0 4mm; font-size: 8.2pt; }
ul.services li { break-inside: avoid; }
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
figure.diagram svg { display: block; width: 100%; height: auto; max-height: 165mm; }
section.landscape { page: diagram-landscape; }
section.landscape figure.diagram svg { max-height: 140mm; }
figure.diagram figcaption { font-size: 8pt; color: #333; margin-top: 2mm; }
.point-meta { margin: 0 0 1.5mm; font-size: 8.6pt; }
td.cmd code { white-space: pre-wrap; overflow-wrap: anywhere; }
tr.sign td { height: 13mm; vertical-align: bottom; background: none !important; }
.decision { white-space: nowrap; font-size: 8.5pt; vertical-align: middle !important; }
.line { display: inline-block; width: 100%; border-bottom: 0.8pt solid #111; height: 1em; }
.line.short { width: 100%; }
.box { border: 0.8pt solid var(--grid); min-height: 16mm; padding: 2mm; margin-top: 2mm; }
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
  const hostsInZone = new Map<string, number>();
  for (const x of doc.hosts) hostsInZone.set(x.zone, (hostsInZone.get(x.zone) ?? 0) + x.hostCount);

  const chapters: string[] = [];
  const contents: string[] = [];
  let chapterNo = 0;
  const chapter = (id: string, title: string, body: string, extraClass = ''): void => {
    // Appendices carry their letter instead of a chapter number.
    const numbered = !title.startsWith('Appendix');
    if (numbered) chapterNo++;
    contents.push(`<li${numbered ? '' : ' class="appendix"'}>${h(title)}</li>`);
    chapters.push(
      `<section class="chapter${extraClass}" id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${numbered ? `${chapterNo}. ` : ''}${h(title)}</h2>${body}</section>`,
    );
  };

  // 1. Summary
  chapter(
    'summary',
    'Summary',
    `<div class="stats">` +
      [
        [s.hosts, 'hosts in scope'],
        [s.flows, doc.delta ? 'network flows added' : 'required network flows'],
        ...(doc.delta ? [[doc.delta.removedFlows.length, 'network flows removed']] : []),
        [doc.rules.network.reduce((n, x) => n + x.rules.length, 0), 'rules on network firewalls'],
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
      `<h3>Enforcement points</h3><table class="points rules"><thead><tr><th>Enforcement point</th><th class="c-ports">Rules</th><th class="c-ports">Flows</th></tr></thead><tbody>` +
      summaryPoints(doc)
        .map((p) => `<tr><td>${h(p.title)}</td><td>${p.rules}</td><td>${p.flows}</td></tr>`)
        .join('') +
      (doc.enforcementPoints.length === 0
        ? '<tr><td colspan="3"><span class="unset">No network flow is required.</span></td></tr>'
        : '') +
      `</tbody></table>` +
      (doc.delta ? deltaSection(doc.delta) : '') +
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
  const hostTable =
    doc.hosts.length <= HOST_LIST_LIMIT
      ? `<h3>Hosts</h3><table class="hosts rules"><thead><tr><th style="width:16%">Name</th><th style="width:22%">Hostname</th><th style="width:20%">Addresses</th><th style="width:18%">Zone</th><th>Type and roles</th></tr></thead><tbody>` +
        doc.hosts
          .map(
            (x) =>
              `<tr><td><strong>${h(x.name)}</strong></td><td class="addr">${orDash(x.hostname, '—')}</td>` +
              `<td>${x.addresses.length ? x.addresses.map((a) => `<span class="addr">${h(a)}</span>`).join(', ') : '<span class="unset">none</span>'}` +
              (x.members.length || x.hostCount > 1
                ? `<br><span class="small">group of ${x.hostCount} hosts${x.members.length ? `; members: ${x.members.map((m) => h(m)).join(', ')}` : ''}</span>`
                : '') +
              `</td>` +
              `<td>${h(x.zone)}</td><td>${h(x.type)}${x.extraRoles.length ? ` <span class="small">(also: ${h(x.extraRoles.join(', '))})</span>` : ''}</td></tr>`,
          )
          .join('') +
        `</tbody></table>`
      : `<h3>Hosts by zone and type</h3><p>${doc.hosts.length} hosts; each one's addresses appear in the objects (section 5) or with the host-firewall rules that apply to it, and all of them in the CSV export.</p>` +
        `<table><thead><tr><th style="width:30%">Zone</th><th>Type</th><th class="c-n">Hosts</th></tr></thead><tbody>${hostCounts(
          doc,
        )
          .map((c) => `<tr><td>${h(c.zone)}</td><td>${h(c.type)}</td><td>${c.count}</td></tr>`)
          .join('')}</tbody></table>`;
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
      hostTable,
  );

  // 3. Diagram
  chapter(
    'diagram',
    'Diagram',
    `<figure class="diagram">${doc.diagram.svg}<figcaption>Hosts as placed in the plan; dashed frames are zones (name and networks at the top), lines are the connections the flows derive from; a dashed host is an internet endpoint.</figcaption></figure>`,
    // A very wide diagram gets a landscape page of the same paper size, so it prints larger;
    // others share the page with the text around them (the document stays short).
    doc.diagram.width > doc.diagram.height * 2.5 ? ' page landscape' : '',
  );

  // 4. Rules to implement
  const rules = doc.rules;
  const appendix = doc.appendix.included;
  chapter(
    'rules',
    doc.delta ? 'Rules to implement for this change' : 'Rules to implement',
    (doc.delta
      ? '<p>Only the rules for the flows this change adds are listed; what it removes is in the summary.</p>'
      : '') +
      `<p>Each rule allows new connections from every address of its source group to every address of its destination on its services, and nothing else: each combination is needed by a flow (least privilege). Groups and services are defined in section 5; rules cite the published table rows (${doc.sources.map((x) => h(x.title)).join('; ')}). Replies pass by connection tracking; IPv4 and IPv6 are separate rules.` +
      (appendix
        ? ` Flow references (F1…) point to Appendix A.</p>`
        : `</p><p>The per-flow list is left out of this document (${doc.appendix.flows} flows${doc.appendix.mode === 'auto' ? `, more than ${APPENDIX_FLOW_LIMIT}` : ''}): it is in the CSV export (<code>portolan export PLAN --format csv</code>, file <code>flows.csv</code>), or print it with <code>portolan report PLAN --appendix on</code>.</p>`) +
      (doc.flows.length === 0 ? '<p class="unset">No network flow is required.</p>' : '') +
      (rules.network.length
        ? `<h3>Network firewalls (between zones)</h3>`
        : '<p>No flow crosses a zone boundary: no network firewall change is needed.</p>') +
      rules.network
        .map(
          (set) =>
            `<h4>Network firewall: ${h(set.title)} <span class="small muted">· ${set.rules.length} rule${set.rules.length === 1 ? '' : 's'}, ${set.flows} flow${set.flows === 1 ? '' : 's'}</span></h4>${ruleTable(set.blocks, appendix)}`,
        )
        .join('') +
      (rules.hosts.length
        ? `<h3>Host firewalls (inbound on each listed host)</h3><p>The destination of each rule is the host itself; hosts that need the same rules are listed together. Section 7 names each host's files.</p>`
        : '') +
      (rules.hosts.length ? hostRuleTable(rules.hosts, appendix) : '') +
      (rules.unresolved.length
        ? `<h3>Flows no rule can carry</h3><p>These flows are required, but an end has no usable IP address (or the two ends share no IP family), so no address rule can allow them. Add the addresses to the plan, or allow them by host name (FQDN object or proxy) on the firewall.</p>` +
          `<table class="rules"><thead><tr><th class="c-ref">Ref</th><th class="c-grp">Source</th><th class="c-grp">Destination</th><th>Why</th></tr></thead><tbody>${rules.unresolved
            .map(
              (u) =>
                `<tr><td class="c-ref">${h(u.ref)}</td><td>${h(u.from)}</td><td>${h(u.to)}</td><td>${h(u.reason)}</td></tr>`,
            )
            .join('')}</tbody></table>`
        : '') +
      (doc.localFlows.length
        ? `<h3>Local flows (no network rule)</h3><p>These connect two roles of the same host; they never leave it and need no firewall change.</p>` +
          `<table class="rules"><thead><tr><th class="c-ref">Ref</th><th class="c-grp">Host</th><th class="c-svc">Service</th><th>Purpose · published in</th></tr></thead><tbody>${doc.localFlows
            .map(
              (f) =>
                `<tr><td class="c-ref">${h(f.ref)}</td><td><strong>${h(f.from.name)}</strong></td><td class="nowrap">${h(f.protocol)} <span class="ports">${h(f.ports)}</span></td><td>${purposeCell(f)}<br><span class="small muted">${h(f.table)}</span></td></tr>`,
            )
            .join('')}</tbody></table>`
        : ''),
  );

  // 5. Objects: single hosts compactly (their name is the host's), then groups with members.
  const singles = rules.addresses.filter((g) => g.members.length === 1);
  const groups = rules.addresses.filter((g) => g.members.length > 1);
  chapter(
    'objects',
    'Objects',
    `<p>Every address group and service the rules use, defined once, with the names every export uses (valid on every target: <code>A-Z</code>, <code>0-9</code>, <code>_</code>). Addresses: a host, a network (CIDR) or a range.</p>` +
      (singles.length
        ? `<h3>Single hosts</h3><ul class="hosts-objects">${singles
            .map(
              (g) =>
                `<li><code>${h(g.name)}</code> <span class="addr">${h(g.addresses.join(', '))}</span>${g.family === 6 ? ' <span class="small">IPv6</span>' : ''}</li>`,
            )
            .join('')}</ul>`
        : '') +
      `<h3>Address groups</h3>` +
      (groups.length
        ? `<table class="rules objects"><thead><tr><th class="o-name">Name</th><th>Addresses · members</th></tr></thead><tbody>${groups
            .map(
              (g) =>
                `<tr><td><code>${h(g.name)}</code>${g.family === 6 ? ' <span class="small">IPv6</span>' : ''}</td><td><span class="addr">${h(g.addresses.join(', '))}</span>${g.members.length === 1 ? ' · ' : '<br>'}<span class="small muted">${h(g.description)}${g.members.length > 1 && g.members.length <= MEMBERS_SHOWN ? `: ${h(g.members.join(', '))}` : ''}</span></td></tr>`,
            )
            .join('')}</tbody></table>`
        : '<p class="unset">None.</p>') +
      `<h3>Services</h3>` +
      (rules.services.length
        ? `<ul class="services">${rules.services
            .map((x) => {
              const label = x.description.replace(/ \((tcp|udp) [0-9-]+\)$/, '');
              const plain = label === `${x.protocol.toLowerCase()} ${x.ports}`;
              return `<li><code>${h(x.name)}</code> ${h(x.protocol)} <span class="ports">${h(x.ports)}</span>${plain ? '' : ` <span class="muted">${h(label)}</span>`}</li>`;
            })
            .join('')}</ul>`
        : '<p class="unset">None.</p>'),
  );

  // 6. Absent flows
  chapter(
    'absent',
    'Conditional flows not required',
    doc.absent.length
      ? `<p>The published tables list these flows only under conditions that do not hold in this plan. They are <strong>not</strong> requested; should a condition change, the plan must be updated and this change request revised.</p>` +
          absentTable(doc.absent)
      : '<p>Every conditional rule that applies to these connections holds: no conditional flow was left out.</p>',
  );

  // 7. Implementation scripts: plan-wide files other than Proxmox's cluster file serve the
  // network firewalls (their configurations and the flow matrices).
  const networkFiles = doc.planFiles.filter((f) => f.format !== 'proxmox');
  const otherPlanFiles = doc.planFiles.filter((f) => f.format === 'proxmox');
  chapter(
    'scripts',
    'Implementation',
    `<p>Ready-to-run rule sets for each enforcement point (<code>portolan export PLAN --format F --out DIR</code>, or Export in the app), as this plan's exports name them; one format per firewall is enough.</p>` +
      `<table class="rules"><thead><tr><th style="width:30%">Enforcement points</th><th>Exported files</th></tr></thead><tbody>` +
      (networkPoints.length
        ? `<tr><td>Network firewalls (${networkPoints.length} zone pair${networkPoints.length === 1 ? '' : 's'})</td><td>${networkFiles.map((f) => `<code>${h(f.file)}</code>`).join(', ')}</td></tr>`
        : '') +
      filesByFormat(hostPoints)
        .map(
          (f) =>
            `<tr><td>Host firewalls, ${h(f.label)}: ${f.count} host${f.count === 1 ? '' : 's'}</td><td>${f.files.length <= 3 ? f.files.map((x) => `<code>${h(x)}</code>`).join(', ') : `one file per host, named after it: <code>${h(f.files[0] ?? '')}</code>, <code>${h(f.files[1] ?? '')}</code>…`}</td></tr>`,
        )
        .join('') +
      (otherPlanFiles.length
        ? `<tr><td>Plan-wide files</td><td>${fileList(otherPlanFiles)}</td></tr>`
        : '') +
      `</tbody></table>`,
  );

  // 8. Verification
  const checks = doc.verification.reduce((n, g) => n + g.checks.length, 0);
  chapter(
    'verification',
    'Verification',
    `${paragraphs(d.verificationPlan)}<div class="callout">Run each source host's check script on that host (one command per flow). A connection proves the path is open; a timeout means a firewall still drops the flow; "refused" means the path is open but the service is not listening yet. Ranges are tested at their first port.</div>` +
      (doc.verification.length === 0
        ? '<p class="unset">Nothing to verify: no network flow.</p>'
        : doc.verification.length <= HOST_LIST_LIMIT
          ? `<p>Check scripts (source host: script, checks): ${doc.verification
              .map(
                (g) =>
                  `<strong>${h(g.host.name)}</strong>: ${g.script ? `<code>${h(g.script.file)}</code>` : `<span class="unset">none exported (${g.shell === 'bash' ? 'bash' : 'PowerShell'})</span>`} (${g.checks.length})`,
              )
              .join('; ')}.</p>`
          : `<p>${checks} checks from ${doc.verification.length} source hosts: ${(
              ['bash', 'powershell'] as const
            )
              .map((shell) => {
                const groups = doc.verification.filter((g) => g.shell === shell);
                const example = groups.find((g) => g.script)?.script?.file;
                return groups.length
                  ? `${groups.length} run ${shell === 'bash' ? 'the bash' : 'the PowerShell'} check script of the host${example ? ` (e.g. <code>${h(example)}</code>)` : ''}`
                  : '';
              })
              .filter((x) => x !== '')
              .join('; ')}.</p>`),
  );

  // 9. Rollback
  chapter(
    'rollback',
    'Rollback',
    `${paragraphs(d.rollbackPlan)}${policyList(doc)}<h3>Steps</h3><ol class="steps">${doc.rollback.map((st) => `<li>${withCode(st)}</li>`).join('')}</ol>`,
  );

  // 10. Approvals
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

  // Appendices: every flow, and every check command (by default up to APPENDIX_FLOW_LIMIT flows).
  if (appendix) {
    chapter(
      'appendix-flows',
      'Appendix A: required flows',
      `<p>Every required network flow with its published table row and the rules of section 4 that allow it (network firewall first, then the destination's host firewall).</p>` +
        (doc.flows.length
          ? appendixTable(doc.flows, rules.rulesOfFlow)
          : '<p class="unset">No network flow is required.</p>'),
    );
  }

  const cover =
    `<section class="cover" aria-label="Cover"><div class="kicker">${doc.delta ? `Network change request — changes since the ${h(doc.delta.since)}` : 'Network change request'}</div>` +
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
