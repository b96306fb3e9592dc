// `portolan diff`: exit codes, the JSON shape, the readable summary, and REV:PATH through real git.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFlows, flowKey, getCatalog, serializePlan } from '../../src-core/index';
import type { Plan } from '../../src-core/index';
import { editedPlanArbitrary } from '../../src-core/diff/__fixtures__/edits';
import { parsePlanText } from '../../src-core/plan/restore';
import { createDiffCommand, diffCommand, printable } from './diff';
import { isGitSpec } from './plan-source';
import type { CliIo } from './types';

let dir: string;

function fakeIo(cwd = dir) {
  const io = {
    out: '',
    err: '',
    cwd,
    stdout(s: string) {
      io.out += s;
    },
    stderr(s: string) {
      io.err += s;
    },
    readFile: (p: string) => readFile(path.resolve(cwd, p), 'utf8'),
  } satisfies CliIo & { out: string; err: string };
  return io;
}

function sample(name: string): Plan {
  const parsed = parsePlanText(readFileSync(`resources/samples/${name}.portolan.json`, 'utf8'));
  if (!parsed.ok) throw new Error(`sample ${name} does not load`);
  return parsed.plan;
}

function write(name: string, plan: Plan): string {
  writeFileSync(path.join(dir, name), serializePlan(plan));
  return name;
}

const base = sample('distributed');
const server = base.nodes.find((n) => n.type === 'backup-server')!;
const withWorker: Plan = {
  ...base,
  nodes: [
    ...base.nodes,
    {
      id: 'wrk-new',
      type: 'worker',
      name: 'WRK-NEW',
      addresses: ['192.0.2.99'],
      extraRoles: [],
      options: {},
      position: { x: 0, y: 0 },
    },
  ],
  connections: [...base.connections, { id: 'c-new', from: server.id, to: 'wrk-new' }],
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'portolan-diff-'));
  write('base.portolan.json', base);
  write('new.portolan.json', withWorker);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('portolan diff', () => {
  it('exit 0 and "no changes" for equal plans', async () => {
    const io = fakeIo();
    expect(await diffCommand.run(['base.portolan.json', 'base.portolan.json'], io)).toBe(0);
    expect(io.out).toBe('no changes\n');
    expect(io.err).toBe('');
  });

  it('exit 3 with a readable summary when they differ', async () => {
    const io = fakeIo();
    expect(await diffCommand.run(['base.portolan.json', 'new.portolan.json'], io)).toBe(3);
    const [summary] = io.out.split('\n');
    expect(summary).toMatch(/^1 node added; 1 connection added; \d+ flows added$/);
    expect(io.out).toContain('  + wrk-new  "WRK-NEW" (worker)  192.0.2.99');
    expect(io.out).toContain(`  + c-new  ${server.id} -- wrk-new`);
    expect(io.out).toMatch(/^\+ +vbr +wrk-new +tcp +\d/m);
  });

  it('--json: nodes, connections and flows as documented; flows shaped like `flows --json`', async () => {
    const io = fakeIo();
    expect(await diffCommand.run(['base.portolan.json', 'new.portolan.json', '--json'], io)).toBe(
      3,
    );
    const doc = JSON.parse(io.out);
    expect(Object.keys(doc).slice(0, 3)).toEqual(['nodes', 'connections', 'flows']);
    expect(Object.keys(doc.nodes)).toEqual(['added', 'removed', 'changed']);
    expect(Object.keys(doc.connections)).toEqual(['added', 'removed']);
    expect(Object.keys(doc.flows)).toEqual(['added', 'removed']);
    expect(doc.nodes.added.map((n: { id: string }) => n.id)).toEqual(['wrk-new']);
    expect(doc.connections.added).toEqual([{ id: 'c-new', from: server.id, to: 'wrk-new' }]);
    const catalog = getCatalog(withWorker.catalog);
    const expected = computeFlows(withWorker, catalog).flows.filter(
      (f) => f.from === 'wrk-new' || f.to === 'wrk-new',
    );
    expect(doc.flows.added).toHaveLength(new Set(expected.map(flowKey)).size);
    for (const f of doc.flows.added) {
      expect(Object.keys(f)).toEqual([
        'connection',
        'from',
        'to',
        'protocol',
        'ports',
        'rule',
        'purpose',
        'local',
      ]);
      expect(f.ports).toMatch(/^\d+(-\d+)?$/);
    }
    expect(doc.flows.removed).toEqual([]);
  });

  it('exit 1 naming the file on a bad or missing plan, 2 on usage errors', async () => {
    writeFileSync(path.join(dir, 'bad.portolan.json'), '{"format":"portolan-plan"');
    let io = fakeIo();
    expect(await diffCommand.run(['base.portolan.json', 'bad.portolan.json'], io)).toBe(1);
    expect(io.err).toMatch(/^bad\.portolan\.json: /);
    io = fakeIo();
    expect(await diffCommand.run(['missing.json', 'base.portolan.json'], io)).toBe(1);
    expect(io.err).toBe('missing.json: cannot read: no such file\n');
    io = fakeIo();
    expect(await diffCommand.run(['base.portolan.json'], io)).toBe(2);
    expect(io.err).toContain('expected two plans');
    io = fakeIo();
    expect(await diffCommand.run(['a', 'b', '--nope'], io)).toBe(2);
  });

  it('hostile names reach the terminal escaped: no control or invisible characters', async () => {
    const hostile = `evil\u200bexe.txt\u00ad"; rm -rf /`;
    write('hostile.portolan.json', {
      ...base,
      nodes: base.nodes.map((n, i) => (i === 0 ? { ...n, name: hostile } : n)),
    });
    const io = fakeIo();
    expect(await diffCommand.run(['base.portolan.json', 'hostile.portolan.json'], io)).toBe(3);
    expect(io.out).not.toContain('\u200b');
    expect(io.out).not.toContain('\u00ad');
    expect(io.out).toContain(printable(hostile));
    expect(printable(hostile)).toBe('"evil\\u200bexe.txt\\u00ad\\"; rm -rf /"');
    expect(printable('a\n\u001b[2J\u202e')).toBe('"a\\n\\u001b[2J\\u202e"');
  });

  it('a name with a bidirectional override never loads: exit 1, naming the character', async () => {
    write('bidi.portolan.json', {
      ...base,
      nodes: base.nodes.map((n, i) => (i === 0 ? { ...n, name: 'evil\u202eexe.txt' } : n)),
    });
    const io = fakeIo();
    expect(await diffCommand.run(['base.portolan.json', 'bidi.portolan.json'], io)).toBe(1);
    expect(io.err).toMatch(/U\+202E/);
    expect(io.err).not.toContain('\u202e');
  });

  it('random edits: exit code, and JSON counts that match the flows of both versions', async () => {
    await fc.assert(
      fc.asyncProperty(editedPlanArbitrary, async ([a, b]) => {
        write('a.portolan.json', a);
        write('b.portolan.json', b);
        const io = fakeIo();
        const code = await diffCommand.run(['a.portolan.json', 'b.portolan.json', '--json'], io);
        expect(io.err).toBe('');
        const doc = JSON.parse(io.out);
        const keys = (p: Plan) =>
          new Set(computeFlows(p, getCatalog(p.catalog)).flows.map(flowKey));
        const before = keys(a);
        const after = keys(b);
        const key = (f: {
          from: string;
          to: string;
          protocol: string;
          ports: string;
          rule: string;
        }) => `${f.from}>${f.to} ${f.protocol}/${f.ports} ${f.rule}`;
        for (const f of doc.flows.added)
          expect(after.has(key(f)) && !before.has(key(f))).toBe(true);
        for (const f of doc.flows.removed)
          expect(before.has(key(f)) && !after.has(key(f))).toBe(true);
        expect(doc.flows.added.length).toBe([...after].filter((k) => !before.has(k)).length);
        expect(doc.flows.removed.length).toBe([...before].filter((k) => !after.has(k)).length);
        const same = serializePlan(a) === serializePlan(b);
        if (same) expect(code).toBe(0);
        if (doc.flows.added.length + doc.flows.removed.length > 0) expect(code).toBe(3);
      }),
      { numRuns: 25 },
    );
  });
});

describe('portolan diff REV:PATH', () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  beforeAll(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'portolan-diff-git-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.net');
    git('config', 'user.name', 'Test');
    git('config', 'commit.gpgsign', 'false');
    writeFileSync(path.join(repo, 'plan.portolan.json'), serializePlan(base));
    git('add', 'plan.portolan.json');
    git('commit', '-q', '-m', 'approved');
    writeFileSync(path.join(repo, 'plan.portolan.json'), serializePlan(withWorker));
  });

  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('reads the committed version with git show and diffs it against the working file', async () => {
    const io = fakeIo(repo);
    const code = await diffCommand.run(['main:plan.portolan.json', 'plan.portolan.json'], io);
    expect(io.err).toBe('');
    expect(code).toBe(3);
    expect(io.out).toMatch(/^1 node added; 1 connection added;/);
    const same = fakeIo(repo);
    expect(
      await diffCommand.run(['HEAD:plan.portolan.json', 'HEAD:./plan.portolan.json'], same),
    ).toBe(0);
  });

  it('an unknown revision or path is a bad file (exit 1) with git’s reason on one line', async () => {
    const io = fakeIo(repo);
    expect(await diffCommand.run(['nope:plan.portolan.json', 'plan.portolan.json'], io)).toBe(1);
    expect(io.err).toMatch(
      /^nope:plan\.portolan\.json: cannot read: git show nope:plan\.portolan\.json: .+\n$/,
    );
  });

  it('an existing file whose name holds a colon wins over git', async () => {
    writeFileSync(path.join(repo, 'v1:plan.json'), serializePlan(withWorker));
    let asked = false;
    const command = createDiffCommand(async () => {
      asked = true;
      return '';
    });
    const io = fakeIo(repo);
    expect(await command.run(['v1:plan.json', 'plan.portolan.json'], io)).toBe(0);
    expect(asked).toBe(false);
  });

  it('tells REV:PATH from Windows drive paths and options', () => {
    expect(isGitSpec('origin/main:plan.portolan.json')).toBe(true);
    expect(isGitSpec('HEAD~1:./plan.json')).toBe(true);
    expect(isGitSpec('C:\\plans\\a.json')).toBe(false);
    expect(isGitSpec('C:/plans/a.json')).toBe(false);
    expect(isGitSpec('plan.json')).toBe(false);
    expect(isGitSpec(':plan.json')).toBe(false);
    expect(isGitSpec('--output=/tmp/x:y')).toBe(false);
  });
});
