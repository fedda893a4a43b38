/**
 * Names for display: other modules list persons and households by id (a bed's resident, an assessment, a
 * warning) and show them by name. One statement and one audit entry per list, never one registry read per
 * row. A caller who could open the person in the registry (registry.read, and the person's hukou or residence
 * in the jurisdiction) sees the full name; anyone else sees it masked (surname kept), and gets no link.
 */
import { appendAudit, hasPermission, type Actor } from '../access/index.js';
import { isWithin, todayInShanghai } from '../kernel/index.js';
import { auditable } from './guard.js';
import type { RegistryDb } from './model.js';

export interface PersonName {
  id: number;
  /** The name, masked (王*华) when `masked`. */
  name: string;
  masked: boolean;
}

export interface HouseholdName {
  id: number;
  /** 户主姓名 + 户 (王*华户 when masked); 家庭（无户主） when it has no head today. */
  name: string;
  masked: boolean;
}

/** Masks a name for someone who may not read the person: the surname stays, so the list stays usable. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

const CHUNK = 1000;

function visible(actor: Actor, divisions: readonly string[]): boolean {
  return hasPermission(actor.role, 'registry.read') && divisions.some((code) => isWithin(code, actor.jurisdiction));
}

/**
 * Display names of these persons (unknown ids are absent). `reference` says which list asked (e.g.
 * `eldercare.residents:12`); the one audit entry names the ids shown in full and those shown masked.
 */
export async function personNames(db: RegistryDb, actor: Actor, ids: readonly number[], reference: string): Promise<Map<number, PersonName>> {
  const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0);
  const out = new Map<number, PersonName>();
  if (unique.length === 0) return out;
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('registry.persons')
      .select(['id', 'name', 'hukou_division', 'residence_division'])
      .where('id', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) {
      const full = visible(actor, [row.hukou_division, row.residence_division]);
      out.set(row.id, { id: row.id, name: full ? row.name : maskPersonName(row.name), masked: !full });
    }
  }
  await auditNames(db, actor, 'registry.person.names', 'person_batch', reference, out);
  return out;
}

/**
 * Display names of these households by their head today. Full for a caller who may read the household
 * (its residence, or a current member's hukou, in the jurisdiction: the registry's household rule).
 */
export async function householdNames(db: RegistryDb, actor: Actor, ids: readonly number[], reference: string): Promise<Map<number, HouseholdName>> {
  const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0);
  const out = new Map<number, HouseholdName>();
  if (unique.length === 0) return out;
  const today = todayInShanghai();
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const households = await db.selectFrom('registry.households').select(['id', 'division_code']).where('id', 'in', chunk).execute();
    const members = await db
      .selectFrom('registry.household_members as m')
      .innerJoin('registry.persons as p', 'p.id', 'm.person_id')
      .select(['m.household_id', 'm.relation', 'p.name', 'p.hukou_division'])
      .where('m.household_id', 'in', chunk)
      .where('m.since', '<=', today)
      .where((eb) => eb.or([eb('m.until', 'is', null), eb('m.until', '>', today)]))
      .execute();
    for (const h of households) {
      const own = members.filter((m) => m.household_id === h.id);
      const full = visible(actor, [h.division_code, ...own.map((m) => m.hukou_division)]);
      const head = own.find((m) => m.relation === 'head');
      out.set(h.id, { id: h.id, name: head ? `${full ? head.name : maskPersonName(head.name)}户` : '家庭（无户主）', masked: !full });
    }
  }
  await auditNames(db, actor, 'registry.household.names', 'household_batch', reference, out);
  return out;
}

async function auditNames(db: RegistryDb, actor: Actor, action: string, entityType: string, reference: string, names: Map<number, { masked: boolean }>): Promise<void> {
  if (names.size === 0) return;
  const shown = [...names.values()];
  const ids = [...names.keys()];
  await appendAudit(auditable(db), {
    actor,
    action,
    entityType,
    entityId: reference,
    result: 'ok',
    detail: { ids: ids.filter((_, i) => !shown[i].masked), masked: ids.filter((_, i) => shown[i].masked) },
  });
}
