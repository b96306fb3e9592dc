// Validation of every argument the renderer sends to main: shapes, sizes, file names and paths.
import path from 'node:path';
import { z } from 'zod';
import { MAX_BATCH_FILES, MAX_OUTPUT_BYTES, MAX_PLAN_BYTES, plainFileNameProblem } from '../files';
import { relativeFileNameProblem } from '../../src-core/util/file-name';
import { MENU_COMMANDS, type InvokeContract, type InvokeName } from './contract';

/** Thrown when the renderer sends something the contract does not allow. */
export class IpcValidationError extends Error {
  override readonly name = 'IpcValidationError';
}

// Characters, not bytes: a UTF-16 string of n units is at most 3n UTF-8 bytes, but a limit in
// units is what can be checked before allocating anything. Byte limits are checked again on write.
const planText = z.string().max(MAX_PLAN_BYTES, 'plan text is larger than 50 MB');
const outputText = z.string().max(MAX_OUTPUT_BYTES, 'content is larger than 100 MB');

const plainFileName = z.string().superRefine((name, ctx) => {
  const problem = plainFileNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: `file name "${name}" ${problem}` });
});

/** An absolute path; whether the user may write there is the allow-list's decision. */
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path contains NUL')
  .refine((p) => path.isAbsolute(p), 'path is not absolute');

/** A file inside the export folder: a plain name or plain parts joined by "/" (Capirca). */
const exportFileName = z.string().superRefine((name, ctx) => {
  const problem = relativeFileNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: `file name "${name}" ${problem}` });
});

const outputFile = z
  .object({
    name: exportFileName,
    content: z.union([
      outputText,
      z.instanceof(Uint8Array).refine((b) => b.byteLength <= MAX_OUTPUT_BYTES, 'file too large'),
    ]),
  })
  .strict();

const suggestedName = plainFileName;

/** One zod tuple per contract message, checked against the contract's argument types. */
export const ARGUMENT_SCHEMAS = {
  openPlanFile: z.tuple([]),
  savePlanFile: z.tuple([
    planText,
    z.object({ path: absolutePath.optional(), suggestedName }).strict(),
  ]),
  saveExportFiles: z.tuple([
    z.array(outputFile).max(MAX_BATCH_FILES, `more than ${MAX_BATCH_FILES} files`),
    suggestedName,
  ]),
  savePdf: z.tuple([
    outputText,
    z.object({ suggestedName, paper: z.enum(['a4', 'letter']) }).strict(),
  ]),
  saveTextFile: z.tuple([
    outputText,
    z
      .object({
        suggestedName,
        mime: z
          .string()
          .max(100)
          .regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'not a MIME type'),
      })
      .strict(),
  ]),
  setDocumentState: z.tuple([
    z.object({ title: z.string().max(500), dirty: z.boolean() }).strict(),
  ]),
  recentFiles: z.tuple([]),
  openRecentFile: z.tuple([absolutePath]),
  takePendingFiles: z.tuple([]),
} satisfies { readonly [K in InvokeName]: z.ZodType<InvokeContract[K]['args']> };

/** Check the arguments of one message; throws IpcValidationError naming the first problems. */
export function validateArguments<K extends InvokeName>(
  name: K,
  args: readonly unknown[],
): InvokeContract[K]['args'] {
  const result = ARGUMENT_SCHEMAS[name].safeParse(args);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.length ? `[${issue.path.join('.')}] ` : ''}${issue.message}`)
      .join('; ');
    throw new IpcValidationError(`Invalid arguments to ${name}: ${problems}`);
  }
  return result.data as InvokeContract[K]['args'];
}

/** Is `value` a menu command the renderer understands. */
export function isMenuCommand(value: unknown): value is (typeof MENU_COMMANDS)[number] {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}
