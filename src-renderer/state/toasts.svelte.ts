// Short messages for the status live region and toasts (refused connections, copies, errors).

/** One message shown to the user. */
export interface Toast {
  readonly id: number;
  readonly text: string;
  readonly kind: 'info' | 'error';
}

const TOAST_MS = 3500;

export class ToastState {
  /** Messages currently shown, oldest first. */
  items = $state.raw<readonly Toast[]>([]);
  #next = 1;

  /** Show a message; it disappears after a few seconds. */
  show(text: string, kind: Toast['kind'] = 'info'): void {
    const toast: Toast = { id: this.#next++, text, kind };
    this.items = [...this.items.slice(-2), toast];
    setTimeout(() => this.dismiss(toast.id), kind === 'error' ? TOAST_MS * 1.5 : TOAST_MS);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}
