/**
 * Effective-dated parameters, the pure part every module's settings share: a parameter has default values (each from a
 * day, with whether the statute fixes it and its source) and stored corrections from a day on; the value for a day is
 * the latest one in force on it. The modules keep their own table and audit; this is only the arithmetic.
 */
import type { IsoDate } from './dates.js';

export interface DatedValue<T = unknown> {
  from: IsoDate;
  value: T;
  verified: boolean;
  source: string;
}

/** Defaults and stored values of one parameter, oldest first; a stored value replaces a default of the same day. */
export function datedHistory(defaults: readonly DatedValue[], stored: readonly DatedValue[]): DatedValue[] {
  const kept = defaults.filter((d) => !stored.some((s) => s.from === d.from));
  return [...kept, ...stored].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** The value in force on a day: the latest starting on or before it (the first one when none has started yet). */
export function datedValueOn(values: readonly DatedValue[], on: IsoDate): DatedValue {
  let found = values[0];
  for (const v of values) if (v.from <= on) found = v;
  return found;
}
