// IPC argument validation: what the renderer may send to main, and what it may not.
import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS } from './contract';
import {
  ARGUMENT_SCHEMAS,
  IpcValidationError,
  isMenuCommand,
  validateArguments,
} from './validation';

const ok = { suggestedName: 'plan.portolan.json' };

describe('validateArguments', () => {
  it('accepts well-formed calls', () => {
    expect(validateArguments('openPlanFile', [])).toEqual([]);
    expect(validateArguments('savePlanFile', ['{}', ok])).toEqual(['{}', ok]);
    expect(
      validateArguments('savePlanFile', ['{}', { ...ok, path: '/home/a/p.json' }]),
    ).toHaveLength(2);
    expect(
      validateArguments('saveExportFiles', [
        [
          { name: 'w1.nft', content: 'x' },
          { name: 'a.bin', content: new Uint8Array([1, 2]) },
        ],
        'site-nftables',
      ]),
    ).toHaveLength(2);
    expect(
      validateArguments('savePdf', ['<p>x</p>', { suggestedName: 'cr.pdf', paper: 'letter' }]),
    ).toHaveLength(2);
    expect(
      validateArguments('saveTextFile', ['# x', { suggestedName: 'cr.md', mime: 'text/markdown' }]),
    ).toHaveLength(2);
    expect(validateArguments('setDocumentState', [{ title: 'Plan', dirty: true }])).toHaveLength(1);
    expect(validateArguments('openRecentFile', ['/tmp/a.json'])).toEqual(['/tmp/a.json']);
  });

  it.each<[string, string, unknown[]]>([
    ['extra argument', 'openPlanFile', [1]],
    ['text not a string', 'savePlanFile', [42, ok]],
    ['relative path', 'savePlanFile', ['{}', { ...ok, path: 'relative/p.json' }]],
    ['NUL in path', 'savePlanFile', ['{}', { ...ok, path: '/tmp/a\0b' }]],
    ['unknown option', 'savePlanFile', ['{}', { ...ok, mode: 0o777 }]],
    ['suggested name with a folder', 'savePlanFile', ['{}', { suggestedName: '../../.bashrc' }]],
    ['export name climbing out', 'saveExportFiles', [[{ name: 'a/../../b', content: '' }], 'x']],
    ['export name absolute', 'saveExportFiles', [[{ name: '/etc/b.nft', content: '' }], 'x']],
    ['export name too deep', 'saveExportFiles', [[{ name: 'a/b/c/d/e', content: '' }], 'x']],
    ['export name with backslash', 'saveExportFiles', [[{ name: 'a\\b.nft', content: '' }], 'x']],
    ['export name ..', 'saveExportFiles', [[{ name: '..', content: '' }], 'x']],
    ['export name NUL', 'saveExportFiles', [[{ name: 'a\0', content: '' }], 'x']],
    ['reserved export name', 'saveExportFiles', [[{ name: 'CON.nft', content: '' }], 'x']],
    ['export content an object', 'saveExportFiles', [[{ name: 'a', content: {} }], 'x']],
    ['export folder with traversal', 'saveExportFiles', [[], '../up']],
    ['unknown paper', 'savePdf', ['', { suggestedName: 'a.pdf', paper: 'a3' }]],
    ['bad mime', 'saveTextFile', ['', { suggestedName: 'a.md', mime: 'text/markdown; x' }]],
    ['dirty not boolean', 'setDocumentState', [{ title: 'x', dirty: 'yes' }]],
    ['recent not absolute', 'openRecentFile', ['a.json']],
    ['missing argument', 'openRecentFile', []],
  ])('refuses %s', (_label, name, args) => {
    expect(() => validateArguments(name as 'openPlanFile', args)).toThrow(IpcValidationError);
  });

  it('accepts the sub-folders of the Capirca export', () => {
    const files = [{ name: 'def/NETWORK.net', content: '' }];
    expect(validateArguments('saveExportFiles', [files, 'x'])).toHaveLength(2);
  });

  it('refuses plan text over 50 MB without trouble', () => {
    const big = 'x'.repeat(50 * 1024 * 1024 + 1);
    expect(() => validateArguments('savePlanFile', [big, ok])).toThrow(/50 MB/);
  });

  it('refuses too many export files', () => {
    const files = Array.from({ length: 10_001 }, (_, i) => ({ name: `f${i}.txt`, content: '' }));
    expect(() => validateArguments('saveExportFiles', [files, 'x'])).toThrow(IpcValidationError);
  });

  it('has a schema for every contract message', () => {
    expect(Object.keys(ARGUMENT_SCHEMAS).sort()).toEqual(
      [
        'openPlanFile',
        'openRecentFile',
        'recentFiles',
        'savePdf',
        'savePlanFile',
        'saveExportFiles',
        'saveTextFile',
        'setDocumentState',
        'takePendingFiles',
      ].sort(),
    );
  });
});

describe('isMenuCommand', () => {
  it('knows every command and nothing else', () => {
    for (const command of MENU_COMMANDS) expect(isMenuCommand(command)).toBe(true);
    expect(isMenuCommand('file.delete-all')).toBe(false);
    expect(isMenuCommand({ toString: () => 'file.new' })).toBe(false);
  });
});
