/**
 * Reading a marriage archive: its office's registrars and auditors (read-only), each read audited, ID numbers
 * masked. Another office learns only that a conflict exists at office X (checks.ts); city admins and other roles
 * get figures only.
 */
import type { Actor } from '../access/index.js';
import { notFound } from '../kernel/index.js';
import { guardedTransaction, NOWHERE, tables, type MarriageDeps } from './deps.js';

export interface MarriageView {
  id: number;
  officeName: string | null;
  service: string;
  registeredOn: string;
  provenance: string;
  quality: string;
  husband: { name: string; idNumber: string | null; birthDate: string | null };
  wife: { name: string; idNumber: string | null; birthDate: string | null };
  endedOn: string | null;
  endReason: string | null;
  annotation: string | null;
  certificates: { number: string; kind: string; issuedOn: string; status: string; supersededBy: string | null }[];
}

export async function getMarriage(deps: MarriageDeps, actor: Actor, id: number): Promise<MarriageView> {
  const db = tables(deps);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const m = await trx.selectFrom('marriage.marriages as m').leftJoin('marriage.offices as o', 'o.id', 'm.office_id').selectAll('m').select(['o.name as office_name', 'o.district_code']).where('m.id', '=', id).executeTakeFirst();
    const request = { permission: 'marriage.read' as const, action: 'marriage.marriage.read', entityType: 'marriage', entityId: id };
    await allow({ ...request, divisionCodes: [m?.district_code ?? (m ? actor.jurisdiction : NOWHERE)] });
    if (!m) throw notFound('MARRIAGE_UNKNOWN_MARRIAGE', '婚姻登记档案不存在');
    const certs = await trx.selectFrom('marriage.certificates').select(['number', 'kind', 'issued_on', 'status', 'superseded_by']).where('marriage_id', '=', id).orderBy('id').execute();
    return {
      id: m.id,
      officeName: m.office_name,
      service: m.service,
      registeredOn: m.registered_on,
      provenance: m.provenance,
      quality: m.quality,
      husband: { name: m.husband_name, idNumber: m.husband_masked, birthDate: m.husband_birth },
      wife: { name: m.wife_name, idNumber: m.wife_masked, birthDate: m.wife_birth },
      endedOn: m.ended_on,
      endReason: m.end_reason,
      annotation: m.annotation,
      certificates: certs.map((c) => ({ number: c.number, kind: c.kind, issuedOn: c.issued_on, status: c.status, supersededBy: c.superseded_by })),
    };
  });
}

export interface ReviewView {
  id: number;
  kind: string;
  status: string;
  detail: Record<string, unknown>;
  createdAt: string;
}

/** The office's review queue (name matches, inferred kinship) and the city-wide data-quality items. */
export async function listReviews(deps: MarriageDeps, actor: Actor): Promise<ReviewView[]> {
  const db = tables(deps);
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'marriage.read', action: 'marriage.reviews.list', entityType: 'marriage_reviews' });
    const office = await trx.selectFrom('marriage.offices').select('id').where('district_code', '=', actor.jurisdiction).executeTakeFirst();
    let q = trx.selectFrom('marriage.reviews').selectAll().where('status', '=', 'open');
    if (office) q = q.where((eb) => eb.or([eb('office_id', '=', office.id), eb('office_id', 'is', null)]));
    const rows = await q.orderBy('id').limit(500).execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind, status: r.status, detail: r.detail as Record<string, unknown>, createdAt: r.created_at.toISOString() }));
  });
}

/** 核查: the registrar clears a lead (not the same person / not kin) or confirms it (the conflict stands). */
export async function decideReview(deps: MarriageDeps, actor: Actor, id: number, decision: 'cleared' | 'confirmed'): Promise<ReviewView> {
  const db = tables(deps);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const row = await trx.selectFrom('marriage.reviews as r').leftJoin('marriage.offices as o', 'o.id', 'r.office_id').selectAll('r').select('o.district_code').where('r.id', '=', id).forUpdate(['r']).executeTakeFirst();
    await allow({ permission: 'marriage.register', action: `marriage.review.${decision}`, entityType: 'marriage_review', entityId: id, ...(row?.district_code ? { divisionCodes: [row.district_code] } : {}) });
    if (!row) throw notFound('MARRIAGE_UNKNOWN_REVIEW', '核查事项不存在');
    await trx.updateTable('marriage.reviews').set({ status: decision }).where('id', '=', id).execute();
    return { id: row.id, kind: row.kind, status: decision, detail: row.detail as Record<string, unknown>, createdAt: row.created_at.toISOString() };
  });
}
