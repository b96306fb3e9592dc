// Syntax highlighting for export previews: highlight.js core with only the languages exports use.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import ini from 'highlight.js/lib/languages/ini';
import markdown from 'highlight.js/lib/languages/markdown';
import plaintext from 'highlight.js/lib/languages/plaintext';
import powershell from 'highlight.js/lib/languages/powershell';

hljs.registerLanguage('bash', bash);
hljs.registerLanguage('powershell', powershell);
hljs.registerLanguage('ini', ini);
hljs.registerLanguage('markdown', markdown);
hljs.registerLanguage('plaintext', plaintext);

/** Previews longer than this are shown as plain text: highlighting large files would stall typing. */
const MAX_HIGHLIGHT = 200_000;

/**
 * HTML of highlighted code. highlight.js escapes the source text itself (`&`, `<`, `>`, quotes),
 * so the result is safe to insert; unknown languages fall back to plaintext.
 */
export function highlight(code: string, language: string): string {
  const lang = hljs.getLanguage(language) && code.length <= MAX_HIGHLIGHT ? language : 'plaintext';
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}
