// nftables escaping: identifiers, `comment "…"` strings and `#` comment lines.
import { asciiOnly, oneLine, safeName } from './text';

/** nftables limits a rule/set comment to 128 bytes (NFT_USERDATA_MAXLEN, including the NUL). */
export const NFT_COMMENT_MAX = 127;

/**
 * A `comment "…"` value, quotes included. nft strings have no escape sequences, so anything
 * that could end the string or the line (`"`, `\`, controls) is replaced; output is ASCII.
 */
export function nftComment(s: string): string {
  const text = asciiOnly(oneLine(s, 400)).replace(/["\\]/g, "'");
  const cut = text.length > NFT_COMMENT_MAX ? `${text.slice(0, NFT_COMMENT_MAX - 3)}...` : text;
  return `"${cut}"`;
}

/** A `#` comment line (nft reads to the end of the line). */
export function nftLineComment(s: string, max?: number): string {
  const text = oneLine(s, max);
  return text ? `# ${text}` : '#';
}

/**
 * A set or chain name from a plan id: letters, digits and `_`, starting with a letter, at most
 * 64 characters; a changed name carries a hash of the original (readable; uniqueness per file
 * comes from a NameTable).
 */
export function nftIdentifier(raw: string): string {
  return safeName(raw, /[A-Za-z0-9_]/, 64, '_');
}
