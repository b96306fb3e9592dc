// Theme preference (system/light/dark) and the resolved theme, applied to <html data-theme>.

/** What the user chose; "system" follows prefers-color-scheme. */
export type ThemePreference = 'system' | 'light' | 'dark';

/** Key in localStorage; the storage engineer may move the setting to Dexie via `setPreference`. */
export const THEME_STORAGE_KEY = 'portolan.theme';

function readStored(): ThemePreference {
  try {
    const v = globalThis.localStorage?.getItem(THEME_STORAGE_KEY);
    return v === 'light' || v === 'dark' || v === 'system' ? v : 'system';
  } catch {
    return 'system'; // storage can be disabled; the OS preference still applies
  }
}

export class ThemeState {
  /** The user's choice. */
  preference = $state<ThemePreference>(readStored());
  /** Whether the OS currently prefers dark. */
  systemDark = $state(false);
  /** The theme actually shown. */
  readonly resolved: 'light' | 'dark' = $derived(
    this.preference === 'system' ? (this.systemDark ? 'dark' : 'light') : this.preference,
  );

  #media: MediaQueryList | null = null;

  constructor() {
    if (typeof matchMedia === 'function') {
      this.#media = matchMedia('(prefers-color-scheme: dark)');
      this.systemDark = this.#media.matches;
      this.#media.addEventListener('change', (e) => (this.systemDark = e.matches));
    }
  }

  /** Choose a theme and remember it. */
  setPreference(p: ThemePreference): void {
    this.preference = p;
    try {
      globalThis.localStorage?.setItem(THEME_STORAGE_KEY, p);
    } catch {
      // not persisted; the choice still holds for this session
    }
  }

  /** Toolbar toggle: system → light → dark → system. */
  cycle(): void {
    const order: ThemePreference[] = ['system', 'light', 'dark'];
    this.setPreference(order[(order.indexOf(this.preference) + 1) % order.length] ?? 'system');
  }
}
