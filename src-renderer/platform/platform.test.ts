// Platform helpers: IPC error cleaning and the browser-only shortcuts.
import { describe, expect, it } from 'vitest';
import { commandForKey } from '../state/commands';
import { cleanIpcError } from './electron-bridge';
import { browserShortcut, type KeyLike } from './shortcuts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('cleanIpcError', () => {
  it('keeps only the message main wrote', () => {
    const raw = new Error(
      "Error invoking remote method 'portolan:savePlanFile': FileError: Could not write /x: EACCES",
    );
    expect(cleanIpcError(raw).message).toBe('Could not write /x: EACCES');
    expect(cleanIpcError('plain').message).toBe('plain');
  });
});

describe('browserShortcut', () => {
  it('maps Ctrl/Cmd+P to the report and Ctrl+Shift+O to the library', () => {
    expect(browserShortcut(key('p', { ctrlKey: true }))).toBe('file.report');
    expect(browserShortcut(key('P', { metaKey: true }))).toBe('file.report');
    expect(browserShortcut(key('O', { ctrlKey: true, shiftKey: true }))).toBe('file.library');
    expect(browserShortcut(key('p'))).toBeNull();
    expect(browserShortcut(key('p', { ctrlKey: true, altKey: true }))).toBeNull();
  });

  it('never claims a key the editor already handles', () => {
    for (const k of ['p', 'o', 's', 'z', 'e']) {
      for (const shiftKey of [false, true]) {
        const event = key(k, { ctrlKey: true, shiftKey });
        if (browserShortcut(event)) {
          expect(commandForKey({ ...event, code: '' } as unknown as KeyboardEvent)).toBeNull();
        }
      }
    }
  });
});
