/** What the stages, the renderer and the handlers share for one baoquan API request. */
import type { BaoquanFilesResult, BaoquanUploadedFile } from '../../contracts/baoquan/validation.ts';

/** What the stages learn of a request on the way. */
export interface BaoquanLocals {
  /** The request_id part, once the form is read (errors before that answer ""). */
  requestId?: string;
  /** The form's file parts. */
  files: BaoquanUploadedFile[];
  /** The file parts matched to the payload (the check stage). */
  matched: BaoquanFilesResult;
}

export const freshLocals = (): BaoquanLocals => ({ files: [], matched: { attachments: [] } });
