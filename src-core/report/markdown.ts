// The change-request document as Markdown (same sections as the HTML), for wikis and tickets.
import { FLOW_REFS_SHOWN, type RuleRow } from './rules';
import {
  type ChangeRequestDocument,
  type FlowEnd,
  type FlowRow,
  type HostRow,
  POLICY_TEXT,
  summaryPoints,
} from './model';
import { type DeltaSection, unplacedRemovedFlows } from './delta';
import type { ScriptFile } from './scripts';
import { maxOf } from '../util/arrays';

/**
 * Escapes plan text for Markdown: HTML-significant characters become entities (a viewer that
 * renders inline HTML shows them as text) and Markdown punctuation is backslash-escaped, so a
 * name can neither inject markup nor break a table row.
 */
export function escapeMarkdown(s: string): string {
  return (
    s
      // Only an `&` that would start an entity needs escaping; a plain "B & R" stays readable.
      .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_[\]|~])/g, '\\$1')
      // CommonMark ends a line at LF, CRLF and a lone CR: all three would end a table row.
      .replace(/\r\n?|\n/g, ' ')
      // A leading marker would turn the text into a heading, quote or list item.
      .replace(/^([#+-])/, '\\$1')
  );
}

const md = escapeMarkdown;

/** Code span that no content can close early (fence longer than any backtick run inside). */
function code(s: string): string {
  const longest = maxOf([0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length)]);
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest ? ' ' : ''}${s.replace(/\r\n?|\n/g, ' ')}${longest ? ' ' : ''}${fence}`;
}

/** Multi-line user text: paragraphs kept, every line escaped. */
function text(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => p.split('\n').map(md).join('  \n'))
    .join('\n\n');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function end(e: FlowEnd): string {
  return `**${md(e.name)}**${e.addresses.length ? ` (${e.addresses.map(md).join(', ')})` : ''}`;
}

function purpose(f: FlowRow): string {
  const notes = [
    ...f.conditions.map((c) => `condition: ${md(c)}`),
    ...(f.override ? [`port override: ${md(f.override)}`] : []),
  ];
  return md(f.purpose) + (notes.length ? ` — _${notes.join('; ')}_` : '');
}

function files(list: readonly ScriptFile[]): string {
  return list.length ? list.map((s) => `${code(s.file)} (${md(s.label)})`).join(', ') : '—';
}

/** Renders the document as GitHub-flavoured Markdown; deterministic, every plan string escaped. */
/** The Changes part of a delta document's summary: hosts, rule counts, and the flows removed. */
function pushDelta(push: (...blocks: string[]) => void, delta: DeltaSection): void {
  push(`### Changes since the ${md(delta.since)}`);
  push(
    `${md(delta.summary)}. Only what this change adds or removes is listed in this document; everything else stays as approved.`,
  );
  const hostRow = (x: HostRow, change: string) => [
    `**${md(x.name)}**`,
    x.addresses.map(md).join(', ') || '_none_',
    md(x.type),
    change,
  ];
  const hosts = [
    ...delta.addedHosts.map((x) => hostRow(x, 'added')),
    ...delta.removedHosts.map((x) => hostRow(x, 'removed')),
    ...delta.changedHosts.map((c) => hostRow(c.host, `changed: ${md(c.fields.join(', '))}`)),
  ];
  if (hosts.length) push(table(['Name', 'Addresses', 'Type', 'Change'], hosts));
  if (delta.rules.length) {
    push(
      table(
        ['Enforcement point', 'Rules added', 'Rules removed'],
        delta.rules.map((r) => [md(r.point), String(r.added), String(r.removed)]),
      ),
    );
  }
  push('#### Flows removed');
  if (delta.removedFlows.length + delta.removedLocalFlows.length === 0) {
    push('This change removes no flow.');
    return;
  }
  push('These flows are no longer needed: remove their rules (numbered D1…) at each point below.');
  const removedTable = (flows: typeof delta.removedFlows) =>
    table(
      ['Ref', 'Source', 'Destination', 'Service', 'Purpose', 'Published in'],
      flows.map((f) => [
        md(f.ref),
        end(f.from),
        end(f.to),
        `${md(f.protocol)} ${md(f.ports)}`,
        md(f.purpose),
        md(f.table),
      ]),
    );
  for (const p of delta.removedPoints) {
    push(`#### ${md(p.title)}: remove`, removedTable(p.flows));
  }
  const unplaced = unplacedRemovedFlows(delta);
  if (unplaced.length > 0) {
    push(
      '#### Flows removed outside any enforcement point',
      'No firewall of this document carried them (an end without a usable address, or no point between their ends); remove whatever allowed them.',
      removedTable(unplaced),
    );
  }
  for (const f of delta.removedLocalFlows) {
    push(`- Local flow removed: ${md(f.ref)} ${md(f.from.name)} ${md(f.protocol)} ${md(f.ports)}`);
  }
}

export function renderMarkdown(doc: ChangeRequestDocument): string {
  const d = doc.details;
  const s = doc.summary;
  const out: string[] = [];
  // Each argument is one block (heading, paragraph, table), separated by a blank line.
  const push = (...blocks: string[]): void => {
    for (const block of blocks) out.push(block, '');
  };

  push(`# ${d.number ? `${md(d.number)} — ` : ''}${md(d.title)}`);
  push(
    `Network change request${doc.delta ? ` (changes since the ${md(doc.delta.since)})` : ''} for plan **${md(doc.planName)}** (${md(doc.catalog.title)}).`,
  );
  push(
    table(
      ['Field', 'Value'],
      [
        ['Change number', d.number ? md(d.number) : '_not assigned_'],
        ['Requester', md(d.requester) || '_not set_'],
        ['Implementer', md(d.implementer) || '_not set_'],
        ['Approvers', d.approvers.map(md).join(', ') || '_not set_'],
        [
          'Planned window',
          d.windowStart || d.windowEnd
            ? `${md(d.windowStart.replace('T', ' ') || '?')} – ${md(d.windowEnd.replace('T', ' ') || '?')}`
            : '_not set_',
        ],
        ['Category', d.category],
        ['Priority', d.priority],
        [
          'Risk',
          `**${doc.risk.level}**${doc.risk.overridden ? ` (suggested: ${doc.risk.suggested})` : ' (suggested)'}`,
        ],
        [
          'Duration',
          d.permanence === 'temporary'
            ? `temporary, expires ${md(d.expires) || '_not set_'}`
            : 'permanent',
        ],
        ...(doc.generatedAt ? [['Generated', md(doc.generatedAt)]] : []),
      ],
    ),
  );

  push('## 1. Summary');
  push(
    `${s.hosts} hosts, ${s.zones} zones, ${s.flows} required network flows (${s.crossZoneFlows} through network firewalls), ` +
      `${s.networkPoints} network and ${s.hostPoints} host enforcement points, ${s.absentFlows} conditional flows not required.`,
  );
  push('### Business justification', text(d.justification));
  push('### Impact if not implemented', text(d.impactIfNotDone));
  push(
    '### Risk',
    `Risk stated: **${doc.risk.level}**${doc.risk.overridden ? ` (set by the requester; suggested: ${doc.risk.suggested})` : ' (as suggested from the flows)'}.`,
  );
  push(doc.risk.reasons.map((r) => `- [${r.level}] ${md(r.message)}`).join('\n'));
  push('### Enforcement points');
  push(
    doc.enforcementPoints.length
      ? table(
          ['Enforcement point', 'Rules', 'Flows'],
          summaryPoints(doc).map((p) => [md(p.title), String(p.rules), String(p.flows)]),
        )
      : '_No network flow is required._',
  );
  if (doc.delta) pushDelta(push, doc.delta);
  if (doc.warnings.length) {
    push(
      '### Open findings',
      doc.warnings
        .map(
          (w) =>
            `- ${md(w.message)}${w.acknowledged === undefined ? '' : ` _(acknowledged: ${md(w.acknowledged)})_`}`,
        )
        .join('\n'),
    );
  }

  push('## 2. Scope', '### Zones');
  // Host counts per zone in one pass (a filter per zone would be zones × hosts).
  const hostsInZone = new Map<string, number>();
  for (const x of doc.hosts) hostsInZone.set(x.zone, (hostsInZone.get(x.zone) ?? 0) + x.hostCount);
  push(
    doc.zones.length
      ? table(
          ['Zone', 'Networks', 'Hosts'],
          doc.zones.map((z) => [
            `**${md(z.name)}**`,
            z.cidrs.map(md).join(', ') || '—',
            String(hostsInZone.get(z.name) ?? 0),
          ]),
        )
      : '_The plan defines no zones: all hosts are treated as one network segment._',
  );
  push('### Hosts');
  push(
    table(
      ['Name', 'Hostname', 'Addresses', 'Zone', 'Type and roles'],
      doc.hosts.map((x) => [
        `**${md(x.name)}**`,
        md(x.hostname) || '—',
        (x.addresses.map(md).join(', ') || '_none_') +
          (x.members.length
            ? `; group of ${x.hostCount} hosts; members: ${x.members.map(md).join(', ')}`
            : ''),
        md(x.zone),
        md(x.type) + (x.extraRoles.length ? `; also ${x.extraRoles.map(md).join(', ')}` : ''),
      ]),
    ),
  );

  push('## 3. Diagram', '_The diagram is part of the PDF and HTML versions of this document._');

  const rules = doc.rules;
  const appendix = doc.appendix.included;
  push(doc.delta ? '## 4. Rules to implement for this change' : '## 4. Rules to implement');
  if (doc.delta) {
    push(
      '_Only the rules for the flows this change adds are listed; what it removes is in the summary._',
    );
  }
  push(
    `Each rule allows new connections from every address of its source group to every address of its destination group on its services' ports, and nothing else (least privilege). Groups and services are defined once in section 5; each rule cites the published table rows it comes from (${doc.sources.map((x) => md(x.title)).join('; ')}). IPv4 and IPv6 are separate rules.`,
  );
  push(
    appendix
      ? 'Flow references (F1…) point to the per-flow list in Appendix A.'
      : `The per-flow list is left out (${doc.appendix.flows} flows): it is in the CSV export (${code('portolan export PLAN --format csv')}), or print it with ${code('portolan report PLAN --appendix on')}.`,
  );
  const refs = (r: RuleRow) =>
    appendix && r.flowRefs.length
      ? ` · ${r.flowRefs.slice(0, FLOW_REFS_SHOWN).join(', ')}${r.flowRefs.length > FLOW_REFS_SHOWN ? ` +${r.flowRefs.length - FLOW_REFS_SHOWN}` : ''}`
      : '';
  const services = (r: RuleRow) =>
    r.services.map((x) => `${code(x.name)} (${x.protocol} ${x.ports})`).join(', ');
  const why = (r: RuleRow) =>
    r.sameAs.length
      ? `as network rule${r.sameAs.length === 1 ? '' : 's'} ${r.sameAs.join(', ')}, on the host`
      : `${r.purposes.map(md).join('; ')} (${md(r.tables)}${refs(r)})`;
  if (rules.network.length === 0) {
    push('_No flow crosses a zone boundary: no network firewall change is needed._');
  }
  for (const set of rules.network) {
    push(`### Network firewall: ${md(set.title)}`);
    push(
      `${set.rules.length} rule${set.rules.length === 1 ? '' : 's'}, ${set.flows} flow${set.flows === 1 ? '' : 's'}.`,
    );
    push(
      table(
        ['Rule', 'Source', 'Destination', 'Services', 'Purpose (published in)', 'Flows'],
        set.rules.map((r) => [
          r.ref,
          code(r.source),
          code(r.destination),
          services(r),
          why(r),
          String(r.flows),
        ]),
      ),
    );
  }
  for (const g of rules.hosts) {
    const names = g.hosts
      .map(
        (x) =>
          `**${md(x.name)}**${x.addresses.length ? ` (${x.addresses.map(md).join(', ')})` : ''}`,
      )
      .join(', ');
    push(
      g.hosts.length === 1
        ? `### Host firewall: ${md(g.hosts[0]!.name)} (inbound)`
        : `### Host firewalls of ${g.hosts.length} hosts (inbound, the same rules on each)`,
    );
    push(`${g.hosts.length === 1 ? 'Host' : 'Hosts'}: ${names}.`);
    push(
      table(
        ['Rule', 'Source', 'Services', 'Purpose (published in)', 'Flows'],
        g.rules.map((r) => [r.ref, code(r.source), services(r), why(r), String(r.flows)]),
      ),
    );
  }
  if (rules.unresolved.length) {
    push('### Flows no rule can carry');
    push(
      table(
        ['Ref', 'Source', 'Destination', 'Why'],
        rules.unresolved.map((u) => [u.ref, `**${md(u.from)}**`, `**${md(u.to)}**`, md(u.reason)]),
      ),
    );
  }
  if (doc.localFlows.length) {
    push('### Local flows (no network rule)');
    push(
      table(
        ['Ref', 'Host', 'Proto', 'Port(s)', 'Purpose', 'Published in'],
        doc.localFlows.map((f) => [
          f.ref,
          `**${md(f.from.name)}**`,
          f.protocol,
          f.ports,
          purpose(f),
          md(f.table),
        ]),
      ),
    );
  }

  push('## 5. Objects');
  push(
    rules.addresses.length
      ? table(
          ['Address group', 'Addresses', 'Members'],
          rules.addresses.map((g) => [
            `${code(g.name)}${g.family === 6 ? ' (IPv6)' : ''}`,
            g.addresses.map(md).join(', '),
            g.members.length === 1
              ? md(g.description)
              : `${md(g.description)}: ${g.members.map(md).join(', ')}`,
          ]),
        )
      : '_No address group._',
  );
  push(
    rules.services.length
      ? table(
          ['Service', 'Proto', 'Port(s)', 'Description'],
          rules.services.map((x) => [code(x.name), x.protocol, x.ports, md(x.description)]),
        )
      : '_No service._',
  );

  push('## 6. Conditional flows not required');
  push(
    doc.absent.length
      ? table(
          ['Source', 'Destination', 'Proto', 'Port(s)', 'Purpose', 'Why not required'],
          doc.absent.map((a) => [
            `**${md(a.from)}**`,
            `**${md(a.to)}**`,
            a.protocol,
            a.ports,
            `${md(a.purpose)} (${md(a.table)})`,
            md(a.reason),
          ]),
        )
      : '_No conditional flow was left out._',
  );

  push('## 7. Implementation');
  push(
    table(
      ['Enforcement point', 'Exported files'],
      [
        ...doc.enforcementPoints.map((p) => [md(p.title), files(p.scripts)]),
        ...(doc.planFiles.length ? [['Plan-wide files', files(doc.planFiles)]] : []),
      ],
    ),
  );

  push('## 8. Verification', text(d.verificationPlan));
  push(
    '> A successful connection proves the path is open; a timeout means a firewall still drops the flow; "connection refused" means the destination answered but its service is not listening yet. Ranges are tested at their first port.',
  );
  for (const g of doc.verification) {
    push(`### From ${md(g.host.name)} (${g.shell === 'bash' ? 'bash' : 'PowerShell'})`);
    if (g.script) push(`Check script: ${code(g.script.file)} (${md(g.script.label)})`);
    push(
      table(
        ['Ref', 'Command', 'Checks'],
        g.checks.map((c) => [c.flowRef, c.command ? code(c.command) : '_no command_', md(c.note)]),
      ),
    );
  }

  push('## 9. Rollback', text(d.rollbackPlan));
  if (doc.hostPolicies.length > 0) {
    push('### Host firewall policies');
    push(
      (['restrict', 'allow-only'] as const)
        .map((policy) => {
          const names = doc.hostPolicies.filter((p) => p.policy === policy).map((p) => md(p.name));
          return names.length ? `- ${POLICY_TEXT[policy]}: ${names.join(', ')}.` : '';
        })
        .filter((line) => line !== '')
        .join('\n'),
    );
    push('### Steps');
  }
  // Our own step texts mark commands with backticks; they contain no plan text but the slug.
  push(doc.rollback.map((st, i) => `${i + 1}. ${st}`).join('\n'));

  push('## 10. Approvals');
  push(
    table(
      ['Role', 'Name', 'Decision', 'Signature', 'Date'],
      doc.approvals.map((a) => [md(a.role), md(a.name) || ' ', '☐ approved ☐ rejected', ' ', ' ']),
    ),
  );
  push(
    '### Sources',
    [
      ...doc.sources.map(
        (x) =>
          `- ${md(x.title)} (version ${md(x.version)}${x.build ? `, build ${md(x.build)}` : ''})${x.url ? ` — ${md(x.url)}` : ''}`,
      ),
      `- Catalog edition ${code(doc.catalog.edition)}: ${md(doc.catalog.title)}`,
    ].join('\n'),
  );
  if (appendix) {
    push('## Appendix A: required flows');
    push(
      table(
        ['Ref', 'Source', 'Destination', 'Proto', 'Port(s)', 'Purpose', 'Published in', 'Rules'],
        doc.flows.map((f) => [
          f.ref,
          end(f.from),
          end(f.to),
          f.protocol,
          f.ports,
          purpose(f),
          md(f.table),
          (rules.rulesOfFlow.get(f.id) ?? []).join(', ') || '—',
        ]),
      ),
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
