// Browser-only shortcuts for menu commands the editor's own key handling does not cover.
import type { MenuCommand } from './platform';

/** The key event fields a shortcut looks at (a KeyboardEvent satisfies it). */
export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/**
 * Ctrl (Cmd on macOS) + P → change-request report (instead of printing the editor), Ctrl+Shift+O →
 * plan library. Ctrl+N cannot be claimed by a web page, so New lives in the header and library.
 */
export function browserShortcut(e: KeyLike): MenuCommand | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 'p' && !e.shiftKey) return 'file.report';
  if (key === 'o' && e.shiftKey) return 'file.library';
  return null;
}
