// The CI examples of docs/ci run as written: their script lines, in bash, against a real git
// repository and the built CLI (skipped, saying so, when dist/ has no build).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePlanText, serializePlan } from '../../src-core/index';

const CLI = path.resolve('dist/cli/portolan.cjs');
let repo: string;

/** The `script:` lines of the GitLab job that run portolan (or hold its exit-code logic). */
function gitlabScript(): string[] {
  const text = readFileSync('docs/ci/gitlab-ci.yml', 'utf8');
  const script = text.slice(text.indexOf('  script:\n'), text.indexOf('  artifacts:'));
  return script
    .split('\n')
    .filter((l) => /^\s+- /.test(l))
    .map((l) => l.replace(/^\s+- /, ''));
}

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'portolan-ci-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'ci@example.net');
  git('config', 'user.name', 'CI');
  git('config', 'commit.gpgsign', 'false');
  const parsed = parsePlanText(readFileSync('resources/samples/distributed.portolan.json', 'utf8'));
  if (!parsed.ok) throw new Error('sample');
  writeFileSync(path.join(repo, 'plan.portolan.json'), serializePlan(parsed.plan));
  git('add', '.');
  git('commit', '-q', '-m', 'approved');
  // The remote-tracking name the job reads (origin/<target branch>).
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  const edited = { ...parsed.plan, nodes: parsed.plan.nodes.filter((n) => n.id !== 'w3') };
  edited.connections = parsed.plan.connections.filter((c) => c.from !== 'w3' && c.to !== 'w3');
  writeFileSync(path.join(repo, 'plan.portolan.json'), serializePlan(edited));
  writeFileSync(
    path.join(repo, 'portolan'),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`,
  );
  chmodSync(path.join(repo, 'portolan'), 0o755);
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('docs/ci/gitlab-ci.yml', () => {
  it('its script passes on a merge request that changes the plan, and writes the artifacts', (ctx) => {
    if (!existsSync(CLI)) ctx.skip(); // needs `npm run build` (npm test builds first)
    const lines = gitlabScript();
    expect(lines.some((l) => l.includes('portolan diff'))).toBe(true);
    const script = ['set -e', ...lines].join('\n');
    const run = spawnSync('bash', ['-c', script], {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${repo}:${process.env.PATH ?? ''}`,
        PLAN: 'plan.portolan.json',
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
      },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(repo, 'plan-diff.txt'), 'utf8')).toMatch(/^1 node removed;/);
    expect(
      JSON.parse(readFileSync(path.join(repo, 'plan-diff.json'), 'utf8')).nodes.removed,
    ).toHaveLength(1);
    expect(
      readFileSync(path.join(repo, 'delta-change-request.pdf')).subarray(0, 5).toString(),
    ).toBe('%PDF-');
  });

  it('fails the job when the plan is not canonical', (ctx) => {
    if (!existsSync(CLI)) ctx.skip();
    writeFileSync(
      path.join(repo, 'messy.portolan.json'),
      JSON.stringify(JSON.parse(readFileSync(path.join(repo, 'plan.portolan.json'), 'utf8'))),
    );
    const script = ['set -e', ...gitlabScript()].join('\n');
    const run = spawnSync('bash', ['-c', script], {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${repo}:${process.env.PATH ?? ''}`,
        PLAN: 'messy.portolan.json',
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('messy.portolan.json: not in canonical form');
  });
});
