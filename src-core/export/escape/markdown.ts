// Markdown escaping for table cells and headings.
import { oneLine } from './text';

/**
 * One Markdown table cell: on one line, the ASCII punctuation that Markdown or GFM tables give
 * a meaning to inside a line is backslash-escaped, so plan text renders as typed and never
 * as a link, HTML, image or extra column.
 */
export function markdownText(s: string, max?: number): string {
  return oneLine(s, max).replace(/[\\`*_{}[\]<>#|!~&]/g, (c) => `\\${c}`);
}
