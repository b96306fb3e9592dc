// Keyboard shortcuts → menu commands, so the browser build behaves like the native menu.
import type { MenuCommand } from '../platform/platform';

/** True when the key event comes from a place that edits text (its own undo, copy, delete). */
export function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'color', 'range'].includes(target.type);
  }
  return false;
}

/** Commands text fields handle natively when focused (their own undo, clipboard, selection). */
export const TEXT_NATIVE: ReadonlySet<MenuCommand> = new Set<MenuCommand>([
  'edit.undo',
  'edit.redo',
  'edit.cut',
  'edit.copy',
  'edit.paste',
  'edit.delete',
  'edit.selectAll',
]);

/** The command a key press means, or null. Ctrl on Linux/Windows, Cmd on macOS. */
export function commandForKey(e: KeyboardEvent): MenuCommand | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && !e.altKey) {
    if (key === 'z') return e.shiftKey ? 'edit.redo' : 'edit.undo';
    if (key === 'y' && !e.shiftKey) return 'edit.redo';
    if (e.shiftKey) {
      if (key === 's') return 'file.saveAs';
      if (key === 'l') return 'view.layout';
      return null;
    }
    switch (key) {
      case 'x':
        return 'edit.cut';
      case 'c':
        return 'edit.copy';
      case 'v':
        return 'edit.paste';
      case 'a':
        return 'edit.selectAll';
      case 's':
        return 'file.save';
      case 'o':
        return 'file.open';
      case 'e':
        return 'file.export';
      case '=':
      case '+':
        return 'view.zoomIn';
      case '-':
        return 'view.zoomOut';
      case '0':
        return 'view.fit';
    }
    return null;
  }
  if (!mod && !e.altKey && (e.key === 'Delete' || e.key === 'Backspace')) return 'edit.delete';
  if (!mod && !e.altKey && e.shiftKey && e.code === 'Digit1') return 'view.fit';
  return null;
}
