// File names from plan names: every plan name gives a name the validator (main's IPC) accepts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainFileNameProblem, relativeFileNameProblem, safeFileName } from './file-name';

const SUFFIXES = ['.portolan.json', '-export', '-change-request.pdf', '-change-request.md', ''];

describe('safeFileName', () => {
  it.each([
    ['Site B v2.', 'Site B v2.portolan.json'],
    ['Backup...', 'Backup.portolan.json'],
    ['CON', 'CON_.portolan.json'],
    ['nul', 'nul_.portolan.json'],
    ['CON.txt', 'CON_.txt.portolan.json'],
    ['.hidden', 'hidden.portolan.json'],
    ['../../etc/passwd', 'etc-passwd.portolan.json'],
    ['a\u202eb', 'a-b.portolan.json'],
    ['', 'plan.portolan.json'],
    ['Zürich 日本', 'Zürich 日本.portolan.json'],
  ])('%j → %j', (name, file) => {
    expect(safeFileName(name, '.portolan.json')).toBe(file);
    expect(plainFileNameProblem(file)).toBeNull();
  });

  it('cuts a 190-character name to fit with its suffix', () => {
    const name = 'x'.repeat(190);
    const file = safeFileName(name, '.portolan.json');
    expect(file.length).toBeLessThanOrEqual(200);
    expect(file.endsWith('.portolan.json')).toBe(true);
    expect(plainFileNameProblem(file)).toBeNull();
  });

  it('property: every plan name gives a name the validator accepts', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 260 }),
          fc.string({
            unit: fc.constantFrom('.', ' ', 'a', 'C', 'O', 'N', 'é', '😀', '/', '\u0085'),
            maxLength: 20,
          }),
          fc.constantFrom('CON', 'nul', 'com1', 'LPT¹', 'conin$', '.', '..', '...'),
        ),
        fc.constantFrom(...SUFFIXES),
        (name, suffix) => {
          const file = safeFileName(name, suffix);
          expect(plainFileNameProblem(file)).toBeNull();
          expect(file.endsWith(suffix)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('relativeFileNameProblem', () => {
  it.each(['def/NETWORK.net', 'policies/pol/portolan.pol', 'w1.nft'])('accepts %j', (name) => {
    expect(relativeFileNameProblem(name)).toBeNull();
  });

  it.each(['', '/etc/x', 'a//b', 'a/../b', '../a', 'a/b/c/d/e', 'a\\b', 'a/.hidden', 'a/CON'])(
    'refuses %j',
    (name) => {
      expect(relativeFileNameProblem(name)).not.toBeNull();
    },
  );

  it('never accepts a path that leaves the folder (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', '.', '..', '/', '\\', 'b.c', ''), { maxLength: 8 }),
        (parts) => {
          const name = parts.join('');
          if (relativeFileNameProblem(name) !== null) return;
          expect(name.startsWith('/')).toBe(false);
          expect(name.split('/')).not.toContain('..');
          expect(name).not.toContain('\\');
        },
      ),
    );
  });
});
