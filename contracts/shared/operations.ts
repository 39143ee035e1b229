/**
 * A vendor's operations: for each operation the zod schema of its validated input and of the
 * data its success answer carries. The simulator's handler table is typed from this record
 * (simulators/core/pipeline), so a handler takes exactly what validation produced and must
 * return what the contract documents.
 */
import type { z } from '@hono/zod-openapi';

export interface OperationSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** What the validate stage checks the parsed request against. */
  input: I;
  /** The success answer's data (what the renderer wraps in the vendor's envelope). */
  output: O;
}

export type OperationTable = Record<string, OperationSpec>;

/** A handler's input: the schema's output after parsing and defaults. */
export type InputOf<T extends OperationTable, K extends keyof T> = z.output<T[K]['input']>;

/** A handler's result: what the output schema accepts. */
export type OutputOf<T extends OperationTable, K extends keyof T> = z.input<T[K]['output']>;

/** Keeps the literal operation names and schema types of a table. */
export function defineOperations<const T extends OperationTable>(table: T): T {
  return table;
}
