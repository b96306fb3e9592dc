// Close prompt state machine.
import { describe, expect, it } from 'vitest';
import { CloseGuard } from './close-guard';

describe('CloseGuard', () => {
  it('closes at once when nothing is unsaved', () => {
    const guard = new CloseGuard();
    guard.update({ title: 'Plan', dirty: false });
    expect(guard.onClose()).toBe('close');
  });

  it("prompts when dirty; Cancel keeps the window; Don't Save closes", () => {
    const guard = new CloseGuard();
    guard.update({ title: 'Plan', dirty: true });
    expect(guard.onClose()).toBe('prompt');
    expect(guard.answer(2)).toBe('stay');
    expect(guard.onClose()).toBe('prompt');
    expect(guard.answer(1)).toBe('close');
    expect(guard.onClose()).toBe('close');
  });

  it('Save closes once the renderer reports the document clean', () => {
    const guard = new CloseGuard();
    guard.update({ title: 'Plan', dirty: true });
    expect(guard.answer(0)).toBe('save-then-close');
    guard.saveFinished('/p.json');
    expect(guard.update({ title: 'Plan', dirty: false })).toBe(true);
    expect(guard.onClose()).toBe('close');
  });

  it('a cancelled Save dialog cancels the pending close', () => {
    const guard = new CloseGuard();
    guard.update({ title: 'Plan', dirty: true });
    guard.answer(0);
    guard.saveFinished(null);
    expect(guard.update({ title: 'Plan', dirty: false })).toBe(false);
  });
});
