#!/usr/bin/env node
// Security scan: runs Electronegativity over the Electron main/preload sources and the renderer's
// HTML, and fails on every finding that is not justified in electronegativity.json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, cpSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const electronVersion = require('electron/package.json').version;
const justifications = JSON.parse(readFileSync(join(root, 'electronegativity.json'), 'utf8'));

// Scan a copy holding only what ships in the Electron app's privileged side: main, preload, the
// renderer page (for its CSP). Tests are left out: they are not part of the application.
const work = mkdtempSync(join(tmpdir(), 'portolan-egy-'));
try {
  const scan = join(work, 'app');
  mkdirSync(scan);
  cpSync(join(root, 'src-main'), join(scan, 'src-main'), {
    recursive: true,
    filter: (src) => !src.endsWith('.test.ts'),
  });
  cpSync(join(root, 'src-renderer', 'index.html'), join(scan, 'index.html'));
  const out = join(work, 'result.sarif');
  const run = spawnSync(
    process.execPath,
    [
      require.resolve('@doyensec/electronegativity/dist/index.js'),
      '-i',
      scan,
      '-o',
      out,
      '-r',
      '-e',
      electronVersion,
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    console.error('electronegativity: the scanner itself failed');
    process.exit(1);
  }
  const results = JSON.parse(readFileSync(out, 'utf8')).runs[0].results;
  const used = new Set();
  const unjustified = [];
  for (const r of results) {
    const uri = r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
    const file = uri.startsWith('file://') ? relative(scan, uri.slice(7)) || 'N/A' : uri || 'N/A';
    const line = r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0;
    const j = justifications.findIndex(
      (x) => x.check === r.ruleId && (x.file === '*' || x.file === file),
    );
    if (j >= 0) {
      used.add(j);
      console.log(`justified  ${r.ruleId} ${file}:${line} — ${justifications[j].reason}`);
    } else {
      unjustified.push(`${r.ruleId} ${file}:${line} — ${r.message.text}`);
    }
  }
  justifications.forEach((x, i) => {
    if (!used.has(i)) console.log(`stale justification (no longer reported): ${x.check} ${x.file}`);
  });
  if (unjustified.length > 0) {
    for (const u of unjustified) console.error(`UNJUSTIFIED ${u}`);
    console.error(
      `electronegativity: ${unjustified.length} finding(s) to fix or justify in electronegativity.json`,
    );
    process.exit(1);
  }
  console.log(
    `electronegativity: ${results.length} finding(s), all fixed or justified (Electron ${electronVersion})`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
