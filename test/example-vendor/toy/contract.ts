/**
 * The toy vendor's contract: one documented route (`POST /toy/v1/notes`), its error catalogue and
 * its operation table — what a real vendor keeps in contracts/<vendor>/. Its envelope is
 * `{ code, msg, data? }`, code 0 on success.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { SealsimContract } from '../../../contracts/shared/contract.ts';
import { defineCatalogue } from '../../../contracts/shared/errors.ts';
import { defineOperations } from '../../../contracts/shared/operations.ts';

export const TOY_BASE_PATH = '/toy/v1';

export const toyCatalogue = defineCatalogue({
  API_NOT_FOUND: { errCode: 404, msg: 'no such API', httpStatus: 404, section: 'toy', evidence: 'guess' },
  METHOD_NOT_ALLOWED: { errCode: 405, msg: 'POST only', httpStatus: 405, section: 'toy', evidence: 'guess' },
  TOO_LARGE: { errCode: 413, msg: 'body too large', httpStatus: 413, section: 'toy', evidence: 'guess' },
  UNAUTHORISED: {
    errCode: 401,
    msg: 'unknown app or key',
    httpStatus: 401,
    section: 'toy',
    evidence: 'guess',
  },
  INVALID: { errCode: 400, msg: 'invalid request', httpStatus: 400, section: 'toy', evidence: 'guess' },
  RATE_LIMITED: {
    errCode: 429,
    msg: 'too many requests',
    httpStatus: 429,
    section: 'toy',
    evidence: 'guess',
  },
  INTERNAL_ERROR: { errCode: 500, msg: 'internal error', httpStatus: 500, section: 'toy', evidence: 'guess' },
  NOTE_NOT_FOUND: {
    errCode: 1001,
    msg: 'note not found',
    httpStatus: 200,
    section: 'toy',
    evidence: 'guess',
  },
});

export type ToyErrorName = (typeof toyCatalogue.names)[number];

const Note = z.object({ noteId: z.string(), text: z.string() }).openapi('ToyNote');

/** `{ text }` keeps a new note; `{ noteId }` reads one back. */
const NotesRequest = z
  .object({ text: z.string().max(200).optional(), noteId: z.string().optional() })
  .refine((b) => (b.text === undefined) !== (b.noteId === undefined), 'give text or noteId')
  .openapi('ToyNotesRequest');

const Envelope = z
  .object({ code: z.number().int(), msg: z.string(), data: Note.optional() })
  .openapi('ToyEnvelope');

export const toyOperations = defineOperations({ notes: { input: NotesRequest, output: Note } });

const json = (description: string) => ({
  description,
  content: { 'application/json': { schema: Envelope } },
});

export const notesRoute = createRoute({
  method: 'post',
  path: '/notes',
  operationId: 'notes',
  summary: 'Keep or read a note',
  request: { body: { content: { 'application/json': { schema: NotesRequest } } } },
  responses: {
    200: json('The note, or NOTE_NOT_FOUND'),
    400: json('INVALID'),
    401: json('UNAUTHORISED'),
    404: json('API_NOT_FOUND'),
    405: json('METHOD_NOT_ALLOWED'),
    413: json('TOO_LARGE'),
    429: json('RATE_LIMITED'),
    500: json('INTERNAL_ERROR'),
  },
});

export const toyContract: SealsimContract = {
  id: 'toy',
  title: 'Toy vendor (test/example-vendor)',
  basePath: TOY_BASE_PATH,
  envelope: { codeField: 'code', successCode: 0 },
  routes: { notes: notesRoute },
  errors: toyCatalogue.entries,
};
