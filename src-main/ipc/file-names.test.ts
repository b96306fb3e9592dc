// The renderer's suggested file names always pass main's IPC validation (issue 16).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suggestedExportName } from '../../src-renderer/components/ExportDialog/export-files';
import { reportFileName } from '../../src-renderer/components/ReportPreview/report-file-name';
import { emptyPlan, planFileName } from '../../src-renderer/state/file-actions';
import { validateArguments } from './validation';

const savePlan = (name: string) =>
  validateArguments('savePlanFile', [
    '{}',
    { suggestedName: planFileName(emptyPlan('vbr12-pve', name)) },
  ]);

describe('suggested names and main’s validation agree', () => {
  it.each(['Site B v2.', 'Backup...', 'CON', 'nul', '.hidden', 'x'.repeat(190), 'a/b\\c:d'])(
    'a plan named %j can be saved',
    (name) => {
      expect(() => savePlan(name)).not.toThrow();
      expect(() =>
        validateArguments('saveExportFiles', [[], suggestedExportName(name)]),
      ).not.toThrow();
      expect(() =>
        validateArguments('savePdf', [
          '',
          { suggestedName: `${reportFileName('', name)}.pdf`, paper: 'a4' },
        ]),
      ).not.toThrow();
    },
  );

  it('property: every plan name gives names main accepts', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 250 }),
        fc.string({ maxLength: 30 }),
        (name, number) => {
          savePlan(name);
          validateArguments('saveExportFiles', [[], suggestedExportName(name)]);
          for (const ext of ['pdf', 'html', 'md']) {
            validateArguments('saveTextFile', [
              '',
              { suggestedName: `${reportFileName(number, name)}.${ext}`, mime: 'text/html' },
            ]);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
