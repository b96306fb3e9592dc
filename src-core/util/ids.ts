// Identifier rules shared by the plan schema and anything that turns ids into file names.

/** Node, connection and zone ids: safe as file names and in generated scripts. */
export const SAFE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** True for an id made of letters, digits, `-` and `_`, 1 to 64 characters long. */
export function isSafeId(id: string): boolean {
  return SAFE_ID_PATTERN.test(id);
}
