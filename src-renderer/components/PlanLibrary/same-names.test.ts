// Library: plans with the same name are told apart.
import { describe, expect, it } from 'vitest';
import { sameNameNotes } from './same-names';

const time = (t: number) => `T${t}`;

describe('sameNameNotes', () => {
  it('notes only plans whose name is shared, by file, creation time and id', () => {
    const notes = sameNameNotes(
      [
        { id: 'aaaaaaaa1', name: 'Prod', created: 1, filePath: '/x/prod-a.portolan.json' },
        { id: 'bbbbbbbb2', name: 'prod ', created: 2, filePath: 'C:\\y\\prod-b.portolan.json' },
        { id: 'cccccccc3', name: 'Prod', created: 2 },
        { id: 'dddddddd4', name: 'Lab', created: 3 },
      ],
      time,
    );
    expect(notes.get('aaaaaaaa1')).toBe('prod-a.portolan.json · created T1');
    expect(notes.get('bbbbbbbb2')).toBe('prod-b.portolan.json · created T2 · #bbbbbb');
    expect(notes.get('cccccccc3')).toBe('created T2 · #cccccc');
    expect(notes.has('dddddddd4')).toBe(false);
  });
});
