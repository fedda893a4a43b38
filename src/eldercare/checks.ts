/**
 * Input checks and the early refusal shared by the services that record what a person received at a service point
 * (meals, device rentals, …): each passes its own error-code prefix, so a refusal names the service it came from.
 */
import { hasPermission, type AccessRequest, type Actor } from '../access/index.js';
import { invalid, isValidDate, isWithin, type IsoDate } from '../kernel/index.js';
import { allowRead } from './guard.js';
import type { EldercareDb } from './model.js';

/** A positive safe integer identifier, or `${prefix}_INVALID_INPUT` (400). */
export function positiveId(value: unknown, what: string, prefix: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw invalid(`${prefix}_INVALID_INPUT`, `${what}须为正整数`);
  return value;
}

/** A valid calendar day not after `on` (nothing is recorded ahead of time): `${prefix}_INVALID_DATE` / `_FUTURE_DATE`. */
export function pastDay(value: unknown, what: string, on: IsoDate, prefix: string): IsoDate {
  if (typeof value !== 'string' || !isValidDate(value)) throw invalid(`${prefix}_INVALID_DATE`, `${what}须为 YYYY-MM-DD 格式的有效日期：${String(value)}`);
  if (value > on) throw invalid(`${prefix}_FUTURE_DATE`, `${what} ${value} 晚于今天（${on}），不能预先登记`);
  return value;
}

/** A refusal is decided (and audited) before any personal data is read from the registry. */
export async function refuseEarly(db: EldercareDb, actor: Actor, request: AccessRequest): Promise<void> {
  const outside = request.divisionCodes !== undefined && !request.divisionCodes.some((code) => isWithin(code, actor.jurisdiction));
  if (!hasPermission(actor.role, request.permission) || outside) await allowRead(db, actor, request);
}
