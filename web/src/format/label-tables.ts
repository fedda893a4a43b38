/**
 * The label tables the pages read, filled in place from GET /labels (src/http/labels.ts) once per session.
 * The pages import them as plain values and read them while rendering; RequireAuth renders no page before
 * they are filled. The key types come from the server's schema, imported as types only.
 */
import type { Labels } from '../../../src/http/labels.js';

export type { Labels };

/** A table keyed by the server's codes that still answers (undefined) for a code it does not know. */
export type LabelTable<K extends string = string> = Record<K, string> & Record<string, string>;

export const labelTable = <K extends string = string>(): LabelTable<K> => ({}) as LabelTable<K>;

/** Replaces a table's contents, keeping the object the pages hold. */
export function fill(target: Record<string, string>, ...sources: Record<string, string>[]): void {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, ...sources);
}
