// Counted nouns for messages: "1 item", "2 items" (never "1 item(s)").

/** `n` and the noun, plural when n ≠ 1 (`plural` when the noun does not just take an "s"). */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
