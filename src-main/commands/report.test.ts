// `portolan report` end to end: plan file → Chromium PDF, checked with poppler (pdftotext, pdfinfo).
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFlows, formatPorts, getCatalog, parsePlanText } from '../../src-core/index';
import type { Plan } from '../../src-core/index';
import { syntheticPlan } from '../../src-core/report/__fixtures__/plans';
import { buildChangeRequest } from '../../src-core/report/model';
import { ChromiumMissingError, chromiumPath, renderPdf } from '../pdf-chromium';
import { createReportCommand, formatOfFile, reportCommand } from './report';
import type { CliIo } from './types';

const ARTIFACTS = path.resolve('test-results/report');
let dir: string;

function fakeIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd: dir,
    stdout(s: string) {
      io.out += s;
    },
    stderr(s: string) {
      io.err += s;
    },
    readFile: (p: string) => readFile(path.resolve(dir, p), 'utf8'),
  };
  return io;
}

/** Path of an artifact; the folder is (re)created because Playwright runs empty test-results/. */
function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

function pdftotext(file: string, first?: number, last?: number): string {
  const range = first === undefined ? [] : ['-f', String(first), '-l', String(last ?? first)];
  return execFileSync('pdftotext', ['-layout', ...range, file, '-'], { encoding: 'utf8' });
}

function pdfinfo(file: string): { pages: number; size: string } {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return {
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]),
    size: /^Page size:\s+(.*)$/m.exec(info)?.[1] ?? '',
  };
}

/** Text with runs of white space collapsed, so names wrapped inside a table cell still match. */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function loadSample(name: string): Plan {
  const parsed = parsePlanText(readFileSync(`resources/samples/${name}.portolan.json`, 'utf8'));
  if (!parsed.ok) throw new Error(`sample ${name} does not load`);
  return parsed.plan;
}

/** Rows the document holds for a plan: rules, objects, the appendix's flows, absent, approvals. */
function rowCount(plan: Plan): number {
  const catalog = getCatalog(plan.catalog);
  const doc = buildChangeRequest(plan, catalog, computeFlows(plan, catalog));
  return (
    Math.min(doc.hosts.length, 60) +
    doc.zones.length +
    doc.rules.ruleCount +
    doc.rules.addresses.length +
    (doc.appendix.included ? doc.flows.length : 0) +
    doc.localFlows.length +
    Math.min(doc.absent.length, 60) +
    doc.approvals.length
  );
}

/** The distributed sample prints in at most this many pages (issue 11). */
// The sample printed in 12 pages until it gained a 40-host group node and custom flows (their
// members, rules and justifications): 13 since. A rule per flow would take about twice that.
const SAMPLE_PAGES = 13;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portolan-report-'));
  writeFileSync(
    path.join(dir, 'distributed.portolan.json'),
    readFileSync('resources/samples/distributed.portolan.json'),
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('portolan report (distributed sample)', () => {
  const plan = loadSample('distributed');
  const catalog = getCatalog(plan.catalog);
  const result = computeFlows(plan, catalog);

  it('writes an A4 PDF with every host name and every flow port, a sane page count', async () => {
    const io = fakeIo();
    const code = await reportCommand.run(['distributed.portolan.json', '--out', 'cr.pdf'], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const file = path.join(dir, 'cr.pdf');
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const info = pdfinfo(file);
    expect(info.size).toMatch(/^59[45]\.\d+ x 841\.\d+ pts \(A4\)/);

    const text = flat(pdftotext(file));
    for (const node of plan.nodes) expect(text, node.name).toContain(node.name);
    for (const flow of result.flows) expect(text, flow.id).toContain(formatPorts(flow.ports));
    for (const a of result.absent) expect(text).toContain(formatPorts(a.ports));
    expect(text).toContain('Page 2 of');

    // Written in rules: each rule, each object, the appendix; and short (issue 11).
    expect(info.pages).toBeLessThanOrEqual(SAMPLE_PAGES);
    expect(info.pages).toBeGreaterThanOrEqual(Math.floor(rowCount(plan) / 70) + 1);
    for (const heading of [
      '4. Rules to implement',
      'Network firewall: Management → Virtualisation',
      '5. Objects',
      'Appendix A: required flows',
    ]) {
      expect(text, heading).toContain(heading);
    }
    const doc = buildChangeRequest(plan, catalog, result);
    for (const set of doc.rules.network) {
      for (const r of set.rules) {
        expect(text, r.ref).toMatch(new RegExp(`\\b${r.ref}\\b`));
        expect(text, r.ref).toContain(r.source);
        expect(text, r.ref).toContain(r.destination);
      }
    }
    for (const g of doc.rules.addresses) expect(text, g.name).toContain(g.name);

    // Fonts are embedded (no Type 3 fallbacks, nothing left to the viewer).
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2);
    const listed = fonts.filter((l) => l.trim() !== '');
    expect(listed.length).toBeGreaterThan(0);
    for (const line of listed) {
      expect(line).not.toContain('Type 3');
      expect(line).toMatch(/\byes\s+yes\s+yes\b/);
    }

    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '2',
      file,
      artifact('distributed-a4'),
    ]);
    writeFileSync(artifact('distributed-a4.pdf'), readFileSync(file));
  });

  it('prints US Letter with --paper letter, with the change number in the running header', async () => {
    const numbered = { ...plan, changeRequest: { number: 'CHG-2026-0042', title: 'Backup flows' } };
    writeFileSync(path.join(dir, 'numbered.portolan.json'), JSON.stringify(numbered));
    const io = fakeIo();
    const code = await reportCommand.run(
      ['numbered.portolan.json', '--out', 'letter.pdf', '--paper', 'letter'],
      io,
    );
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const file = path.join(dir, 'letter.pdf');
    expect(pdfinfo(file).size).toMatch(/^612 x 792 pts \(letter\)/);
    // Every page after the cover carries the change number and "Page N of M".
    const pages = pdfinfo(file).pages;
    for (const n of [2, Math.ceil(pages / 2), pages]) {
      const page = pdftotext(file, n);
      expect(page, `page ${n}`).toContain('CHG-2026-0042');
      expect(page, `page ${n}`).toContain(`Page ${n} of ${pages}`);
    }
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '2',
      file,
      artifact('distributed-letter'),
    ]);
  });

  it('writes HTML and Markdown, by --format or by the --out extension', async () => {
    const io = fakeIo();
    expect(await reportCommand.run(['distributed.portolan.json', '--out', 'cr.html'], io)).toBe(0);
    expect(
      await reportCommand.run(
        ['distributed.portolan.json', '--out', 'cr.txt', '--format', 'md'],
        io,
      ),
    ).toBe(0);
    const html = readFileSync(path.join(dir, 'cr.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('@font-face');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(readFileSync(path.join(dir, 'cr.txt'), 'utf8')).toMatch(
      /^# Network flows for Distributed site/,
    );
    expect(formatOfFile('x.HTM')).toBe('html');
    expect(formatOfFile('x.pdf')).toBe('pdf');
  });

  it('prints the per-flow appendix by default up to 500 flows; --appendix on|off overrides', async () => {
    const io = fakeIo();
    const run = async (out: string, ...flags: string[]) => {
      expect(
        await reportCommand.run(['distributed.portolan.json', '--out', out, ...flags], io),
      ).toBe(0);
      return readFileSync(path.join(dir, out), 'utf8');
    };
    const auto = await run('auto.html');
    expect(auto).toContain('Appendix A: required flows');
    const off = await run('off.html', '--appendix', 'off');
    expect(off).not.toContain('Appendix A: required flows');
    expect(off).toContain('portolan export PLAN --format csv');
    expect(off).toContain('Rules to implement');
    expect(await run('off.md', '--appendix=off')).not.toContain('## Appendix A');
    expect(io.err).toBe('');

    // Above 500 flows the appendix is left out unless asked for.
    const big = syntheticPlan(300);
    writeFileSync(path.join(dir, 'big300.portolan.json'), JSON.stringify(big));
    const many = async (out: string, ...flags: string[]) => {
      expect(await reportCommand.run(['big300.portolan.json', '--out', out, ...flags], io)).toBe(0);
      return readFileSync(path.join(dir, out), 'utf8');
    };
    const bigAuto = await many('big.md');
    expect(bigAuto).not.toContain('## Appendix A');
    expect(bigAuto).toMatch(/The per-flow list is left out \(\d+ flows\)/);
    expect(await many('big-on.md', '--appendix', 'on')).toContain('## Appendix A');

    const bad = fakeIo();
    expect(
      await reportCommand.run(
        ['distributed.portolan.json', '--out', 'x.html', '--appendix', 'maybe'],
        bad,
      ),
    ).toBe(2);
    expect(bad.err).toContain('--appendix must be on or off');
  });

  it('refuses bad usage with exit 2 and a bad plan with exit 1', async () => {
    const io = fakeIo();
    expect(await reportCommand.run(['distributed.portolan.json'], io)).toBe(2);
    expect(io.err).toContain('--out');
    expect(
      await reportCommand.run(['distributed.portolan.json', '--out', 'x.pdf', '--paper', 'a3'], io),
    ).toBe(2);
    expect(
      await reportCommand.run(['distributed.portolan.json', '--out', 'x', '--format', 'doc'], io),
    ).toBe(2);
    writeFileSync(path.join(dir, 'bad.portolan.json'), '{"format":"portolan-plan"');
    const bad = fakeIo();
    expect(await reportCommand.run(['bad.portolan.json', '--out', 'x.pdf'], bad)).toBe(1);
    expect(bad.err).toMatch(/^bad\.portolan\.json: /);
  });

  it('says clearly when Chromium is missing, and leaves no output file', async () => {
    expect(() => chromiumPath(undefined, { PORTOLAN_CHROMIUM: '/nonexistent/chromium' })).toThrow(
      ChromiumMissingError,
    );
    expect(() => chromiumPath(undefined, { PORTOLAN_CHROMIUM: '/nonexistent/chromium' })).toThrow(
      /PORTOLAN_CHROMIUM/,
    );
    const command = createReportCommand({
      renderPdf: (html, options) =>
        renderPdf(html, { ...options, executablePath: '/nonexistent/chromium' }),
      writeFile: () => Promise.reject(new Error('must not write')),
    });
    const io = fakeIo();
    expect(await command.run(['distributed.portolan.json', '--out', 'none.pdf'], io)).toBe(1);
    expect(io.err).toMatch(
      /^none\.pdf: cannot print the PDF: Chromium not found at \/nonexistent\/chromium/,
    );
  });
});

describe('PDF printing', () => {
  it('blocks every network request of the page', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('x');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const url = `http://127.0.0.1:${port}`;
      const html =
        `<!doctype html><html><head><link rel="stylesheet" href="${url}/a.css">` +
        `<style>@font-face{font-family:x;src:url(${url}/f.woff2)} body{font-family:x;background:url(${url}/b.png)}</style></head>` +
        `<body><img src="${url}/i.png"><iframe src="${url}/f.html"></iframe><p>offline</p></body></html>`;
      const pdf = await renderPdf(html, { paper: 'a4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  });
});

describe('a 500-flow plan', () => {
  it('renders without a row cut across pages', async () => {
    const plan = syntheticPlan(250);
    const catalog = getCatalog(plan.catalog);
    const result = computeFlows(plan, catalog);
    expect(result.flows.filter((f) => !f.local).length).toBe(500);
    writeFileSync(path.join(dir, 'big.portolan.json'), JSON.stringify(plan));
    const io = fakeIo();
    const code = await reportCommand.run(['big.portolan.json', '--out', 'big.pdf'], io);
    expect(io.err).toBe('');
    expect(code).toBe(0);
    const file = path.join(dir, 'big.pdf');
    const { pages } = pdfinfo(file);
    const rows = rowCount(plan);
    expect(pages).toBeGreaterThanOrEqual(Math.floor(rows / 70) + 1);
    expect(pages).toBeLessThanOrEqual(Math.ceil(rows / 8) + 12);

    const doc = buildChangeRequest(plan, catalog, result);
    const portsOf = new Map(doc.flows.map((f) => [f.ref, f.ports]));
    const seen = new Map<string, number>();
    const rowStart = /^\s*([FL]\d+)\s+\S/;
    for (let n = 1; n <= pages; n++) {
      const lines = pdftotext(file, n).split('\n');
      lines.forEach((line, i) => {
        // After a (repeated) table header the next text line starts a new row: a row split
        // across pages would continue here without its reference.
        if (/^\s*Ref\s{2,}(Source|Host|Command)\b/.test(line)) {
          const next = lines.slice(i + 1).find((l) => l.trim() !== '');
          expect(next, `page ${n}, after the header`).toMatch(rowStart);
        }
        const ref = rowStart.exec(line)?.[1];
        if (!ref?.startsWith('F')) return;
        // The row's lines, up to the next row: its ports (unique per flow here) are on this page.
        const end = lines.findIndex(
          (l, j) => j > i && (rowStart.test(l) || /^\s*Ref\s{2,}/.test(l)),
        );
        const block = lines.slice(i, end < 0 ? undefined : end).join(' ');
        const ports = portsOf.get(ref) ?? '?';
        expect(block, `page ${n}: ${ref}`).toContain(ports);
        seen.set(ref, (seen.get(ref) ?? 0) + 1);
      });
    }
    // Every flow row was found whole, once: in the appendix (500 flows: included by default).
    expect(doc.appendix.included).toBe(true);
    for (const f of doc.flows) expect(seen.get(f.ref), f.ref).toBe(1);
    writeFileSync(artifact('synthetic-500.pdf'), readFileSync(file));
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '6',
      '-l',
      '7',
      file,
      artifact('synthetic-500'),
    ]);
  });
});
