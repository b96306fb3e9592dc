// The report's embedded fonts read from disk (resources/fonts/report-fonts.ts uses Vite `?inline`
// imports, which plain Node cannot load); same files, so the HTML has the size the CLI prints.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { EmbeddedFont } from '../src-core/report/html';

const require = createRequire(import.meta.url);

function dataUri(path: string, mime: string): string {
  return `data:${mime};base64,${readFileSync(path).toString('base64')}`;
}

/** Inter (latin, 3 weights) and the DejaVu Sans Mono subsets, as in REPORT_FONTS. */
export function loadReportFonts(): EmbeddedFont[] {
  const inter = (w: number) =>
    require.resolve(`@fontsource/inter/files/inter-latin-${w}-normal.woff2`);
  const mono = (name: string) =>
    fileURLToPath(new URL(`../resources/fonts/${name}`, import.meta.url));
  return [
    ...[400, 600, 700].map((weight) => ({
      family: 'Inter',
      weight,
      src: dataUri(inter(weight), 'font/woff2'),
    })),
    {
      family: 'Portolan Mono',
      weight: 400,
      src: dataUri(mono('dejavu-sans-mono-subset.woff'), 'font/woff'),
    },
    {
      family: 'Portolan Mono',
      weight: 700,
      src: dataUri(mono('dejavu-sans-mono-bold-subset.woff'), 'font/woff'),
    },
  ];
}
