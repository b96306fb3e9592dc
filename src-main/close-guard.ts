// The "unsaved changes" decision when the main window closes, as a small testable state machine.

/** Buttons of the close prompt, in dialog order. */
export const CLOSE_PROMPT_BUTTONS = ['Save…', "Don't Save", 'Cancel'] as const;

export type CloseDecision =
  /** Let the window close. */
  | 'close'
  /** Keep it open and ask the user (showMessageBox with CLOSE_PROMPT_BUTTONS). */
  | 'prompt';

/** What to do after the user answered the prompt. */
export type PromptOutcome = 'save-then-close' | 'close' | 'stay';

export class CloseGuard {
  #dirty = false;
  #title = 'Portolan';
  #closeAfterSave = false;
  #forced = false;

  get title(): string {
    return this.#title;
  }
  get dirty(): boolean {
    return this.#dirty;
  }

  /**
   * The renderer reported its document state. Returns true when a close was waiting for a
   * save and the save has now landed (the window should close).
   */
  update(state: { readonly title: string; readonly dirty: boolean }): boolean {
    this.#title = state.title;
    this.#dirty = state.dirty;
    if (this.#closeAfterSave && !state.dirty) {
      this.#closeAfterSave = false;
      this.#forced = true;
      return true;
    }
    return false;
  }

  /** The window is about to close. */
  onClose(): CloseDecision {
    if (this.#forced || !this.#dirty) return 'close';
    return 'prompt';
  }

  /** The user answered the prompt with button `index` (CLOSE_PROMPT_BUTTONS). */
  answer(index: number): PromptOutcome {
    if (index === 0) {
      this.#closeAfterSave = true;
      return 'save-then-close';
    }
    if (index === 1) {
      this.#forced = true;
      return 'close';
    }
    return 'stay';
  }

  /** A plan save finished; a cancelled Save dialog (null) also cancels the pending close. */
  saveFinished(path: string | null): void {
    if (path === null) this.#closeAfterSave = false;
  }
}
