/**
 * 婚姻状况 of a living person on a day, read from the marriage records (the registry holds no marital status): married
 * while a marriage registered on or before the day has not ended by it; otherwise the way the latest marriage ended —
 * the spouse's death → 丧偶 (widowed), a divorce (registered or by the court) → 离异; no record → unmarried as far as
 * the records show. Void and annulled marriages never were. Records matched to the person by id only (an imported
 * record names its parties by ID hash until a registration or a death matches them).
 */
import type { IsoDate } from '../kernel/index.js';
import type { MarriageDb } from './model.js';

export type MaritalStatus = 'married' | 'widowed' | 'divorced' | 'unmarried';
export const maritalStatusNames: Record<MaritalStatus, string> = { married: '已婚', widowed: '丧偶', divorced: '离异', unmarried: '未婚（无登记记录）' };

export async function maritalStatus(db: MarriageDb, personId: number, on: IsoDate): Promise<{ status: MaritalStatus; marriageId: number | null }> {
  const rows = await db
    .selectFrom('marriage.marriages')
    .select(['id', 'registered_on', 'ended_on', 'end_reason'])
    .where((eb) => eb.or([eb('husband_person_id', '=', personId), eb('wife_person_id', '=', personId)]))
    .where('registered_on', '<=', on)
    .where('void_from_start', '=', false)
    .orderBy('registered_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const current = rows.find((m) => m.ended_on === null || m.ended_on > on);
  if (current) return { status: 'married', marriageId: Number(current.id) };
  const latest = [...rows].sort((a, b) => String(b.ended_on).localeCompare(String(a.ended_on)))[0];
  if (!latest) return { status: 'unmarried', marriageId: null };
  return { status: latest.end_reason === 'death' ? 'widowed' : 'divorced', marriageId: Number(latest.id) };
}
