// Fonts bundled into the change-request document (Vite inlines each file as a data: URI).
/// <reference types="vite/client" />
import interLatin400 from '@fontsource/inter/files/inter-latin-400-normal.woff2?inline';
import interLatin600 from '@fontsource/inter/files/inter-latin-600-normal.woff2?inline';
import interLatin700 from '@fontsource/inter/files/inter-latin-700-normal.woff2?inline';
import interLatinExt400 from '@fontsource/inter/files/inter-latin-ext-400-normal.woff2?inline';
import interLatinExt600 from '@fontsource/inter/files/inter-latin-ext-600-normal.woff2?inline';
import interLatinExt700 from '@fontsource/inter/files/inter-latin-ext-700-normal.woff2?inline';
import type { EmbeddedFont } from '../../src-core/report/html';
import monoBold from './dejavu-sans-mono-bold-subset.woff?inline';
import mono from './dejavu-sans-mono-subset.woff?inline';

// unicode-range values of @fontsource/inter, so Chromium picks the right subset per character.
const LATIN =
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';
const LATIN_EXT =
  'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF';

/** Every font the report embeds: Inter for text, a DejaVu Sans Mono subset for code and symbols. */
export const REPORT_FONTS: readonly EmbeddedFont[] = [
  { family: 'Inter', weight: 400, src: interLatin400, unicodeRange: LATIN },
  { family: 'Inter', weight: 600, src: interLatin600, unicodeRange: LATIN },
  { family: 'Inter', weight: 700, src: interLatin700, unicodeRange: LATIN },
  { family: 'Inter', weight: 400, src: interLatinExt400, unicodeRange: LATIN_EXT },
  { family: 'Inter', weight: 600, src: interLatinExt600, unicodeRange: LATIN_EXT },
  { family: 'Inter', weight: 700, src: interLatinExt700, unicodeRange: LATIN_EXT },
  { family: 'Portolan Mono', weight: 400, src: mono },
  // Bold too: symbols (● ↔ ☐) in bold text would otherwise be synthesised (Type 3 in the PDF).
  { family: 'Portolan Mono', weight: 700, src: monoBold },
];
