// Forbidden characters in names and the clean-up of free text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanFreeText, findForbiddenCharacter } from './text';

describe('findForbiddenCharacter', () => {
  it('names the character and its position', () => {
    expect(findForbiddenCharacter('ab\u0085')).toEqual({
      position: 3,
      codePoint: 'U+0085',
      kind: 'a C1 control character',
    });
    expect(findForbiddenCharacter('plain name, é, 日本')).toBeNull();
  });
});

describe('cleanFreeText', () => {
  it('property: keeps newlines and printable text, leaves no other control', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 50 }), (s) => {
        const out = cleanFreeText(s);
        expect(findForbiddenCharacter(out.replace(/\n/g, ''))).toBeNull();
        expect(out.split('\n').length).toBe(s.replace(/\r\n?/g, '\n').split('\n').length);
        expect(cleanFreeText(out)).toBe(out);
      }),
    );
  });
});
