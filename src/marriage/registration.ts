/**
 * 结婚登记 (also 补办 and 复婚, which follow the same rules): both present, ID card + signed declaration, the checks of
 * checks.ts inside the issuing transaction (each party's hash locked, so two offices cannot marry one person at
 * once), the marriage recorded, the 结婚证 numbered, events emitted. A refusal names every failed rule.
 */
import { sql } from 'kysely';
import { requirePermission, type Actor } from '../access/index.js';
import { DomainError, type IsoDate } from '../kernel/index.js';
import { attendBooking } from './booking.js';
import { reviewKeys, runChecks, type CheckParty, type CheckResult } from './checks.js';
import { issueCertificate } from './certificates.js';
import { emitEvent, guardedTransaction, tables, today, type MarriageDeps } from './deps.js';
import type { MarriageDb, MarriageService } from './model.js';
import { officeOfActor } from './offices.js';
import { partyId } from './parties.js';
import { loadSettings } from './settings.js';

export interface PartyInput {
  idNumber: string;
  name: string;
  present: boolean;
  declarationSigned: boolean;
  declaredStatus: 'unmarried' | 'divorced' | 'widowed';
  proof?: string;
}

export interface RegistrationInput {
  service: MarriageService;
  husband: PartyInput;
  wife: PartyInput;
  /** Retrying with the same key returns the first registration. */
  requestKey?: string;
}

export interface RegistrationResult {
  marriageId: number;
  certificateNumber: string;
  registeredOn: IsoDate;
  checks: CheckResult[];
}

const REFUSAL_CODE: Record<CheckResult['check'], string> = {
  presence: 'MARRIAGE_PARTY_ABSENT',
  declaration: 'MARRIAGE_NO_DECLARATION',
  sex: 'MARRIAGE_NOT_MAN_AND_WOMAN',
  age: 'MARRIAGE_UNDER_AGE',
  alive: 'MARRIAGE_PARTY_DECEASED',
  bigamy: 'MARRIAGE_ALREADY_MARRIED',
  name_match: 'MARRIAGE_NEEDS_REVIEW',
  kinship: 'MARRIAGE_PROHIBITED_KINSHIP',
  declared_status: 'MARRIAGE_PROOF_REQUIRED',
};

async function lockParties(trx: MarriageDb, hashes: Buffer[]): Promise<void> {
  for (const h of [...hashes].sort(Buffer.compare)) await sql`select pg_advisory_xact_lock(hashtext(${h.toString('hex')}))`.execute(trx);
}

/** The checks alone (登记前核查), for the registration page; nothing is written but the audit entry. */
export async function preCheck(deps: MarriageDeps, actor: Actor, input: RegistrationInput): Promise<CheckResult[]> {
  requirePermission(actor, 'marriage.register');
  const db = tables(deps);
  const on = today(deps);
  const office = await officeOfActor(db, actor);
  const parties = await prepare(deps, input, on);
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'marriage.register', action: 'marriage.check', entityType: 'marriage_office', entityId: office.id, divisionCodes: [office.districtCode], detail: { husband: parties[0].id.masked, wife: parties[1].id.masked } });
    await lockParties(
      trx,
      parties.map((p) => p.id.hash),
    );
    return runChecks(trx, parties, on, await loadSettings(trx, on));
  });
}

async function prepare(deps: MarriageDeps, input: RegistrationInput, on: IsoDate): Promise<[CheckParty, CheckParty]> {
  const h = partyId(deps.vault, input.husband.idNumber, on, '男方');
  const w = partyId(deps.vault, input.wife.idNumber, on, '女方');
  const known = await deps.registry.lookup([h.idNumber, w.idNumber], 'marriage.check');
  const party = (role: 'husband' | 'wife', p: PartyInput, id: typeof h): CheckParty => ({
    role,
    name: p.name.trim(),
    id,
    present: p.present,
    declarationSigned: p.declarationSigned,
    declaredStatus: p.declaredStatus,
    proof: p.proof,
    known: known.get(id.idNumber),
  });
  return [party('husband', input.husband, h), party('wife', input.wife, w)];
}

export async function registerMarriage(deps: MarriageDeps, actor: Actor, input: RegistrationInput): Promise<RegistrationResult> {
  // Before any registry look-up: a role that may not register reads nothing.
  requirePermission(actor, 'marriage.register');
  const db = tables(deps);
  const on = today(deps);
  const office = await officeOfActor(db, actor);
  const parties = await prepare(deps, input, on);
  const [h, w] = parties;
  const outcome = await guardedTransaction(db, actor, async (trx, allow): Promise<RegistrationResult | { refused: CheckResult[] }> => {
    await allow({
      permission: 'marriage.register',
      action: 'marriage.marriage.register',
      entityType: 'marriage_office',
      entityId: office.id,
      divisionCodes: [office.districtCode],
      detail: { husband: h.id.masked, wife: w.id.masked, service: input.service },
    });
    if (input.requestKey) {
      const done = await trx.selectFrom('marriage.certificates').select(['number', 'marriage_id', 'issued_on']).where('request_key', '=', input.requestKey).executeTakeFirst();
      if (done) return { marriageId: done.marriage_id, certificateNumber: done.number, registeredOn: done.issued_on, checks: [] };
    }
    await lockParties(trx, [h.id.hash, w.id.hash]);
    const settings = await loadSettings(trx, on);
    const checks = await runChecks(trx, parties, on, settings);
    const failed = checks.filter((c) => c.outcome !== 'pass');
    if (failed.length) {
      // A review lead is kept (for the side-by-side compare) though nothing is registered.
      if (!failed.some((c) => c.outcome === 'fail')) await openReviews(trx, office.id, parties, checks);
      return { refused: checks };
    }
    const first = async (hash: Buffer) =>
      (await trx
        .selectFrom('marriage.marriages')
        .select('id')
        .where('void_from_start', '=', false)
        .where((eb) => eb.or([eb('husband_hash', '=', hash), eb('wife_hash', '=', hash)]))
        .executeTakeFirst()) === undefined;
    const sh = (p: CheckParty) => p.known?.person.hukouDivision.startsWith('31') ?? false;
    const row = await trx
      .insertInto('marriage.marriages')
      .values({
        office_id: office.id,
        service: input.service,
        registered_on: on,
        provenance: 'native',
        quality: 'complete',
        husband_hash: h.id.hash,
        husband_enc: h.id.enc,
        husband_masked: h.id.masked,
        husband_name: h.name,
        husband_birth: h.id.birthDate,
        husband_person_id: h.known?.person.id ?? null,
        husband_hukou_sh: sh(h),
        wife_hash: w.id.hash,
        wife_enc: w.id.enc,
        wife_masked: w.id.masked,
        wife_name: w.name,
        wife_birth: w.id.birthDate,
        wife_person_id: w.known?.person.id ?? null,
        wife_hukou_sh: sh(w),
        first_marriage_husband: await first(h.id.hash),
        first_marriage_wife: await first(w.id.hash),
        ended_on: null,
        end_reason: null,
        batch_id: null,
        batch_row: null,
        source_ref: null,
        annotation:
          [h, w]
            .filter((p) => p.proof?.trim())
            .map((p) => `${p.role === 'husband' ? '男方' : '女方'}婚姻状况证明：${p.proof}`)
            .join('；') || null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const number = await issueCertificate(trx, { officeId: office.id, code6: office.code6, kind: 'J', on, marriageId: row.id, requestKey: input.requestKey, format: settings.certificateFormat });
    await attendBooking(trx, [h.id.hash, w.id.hash]);
    await emitEvent(trx, { topic: 'marriage.marriage.registered', key: String(row.id), payload: { marriageId: row.id, personIds: [h.known?.person.id, w.known?.person.id].filter((x) => x !== undefined), registeredOn: on } });
    return { marriageId: row.id, certificateNumber: number, registeredOn: on, checks };
  });
  if ('refused' in outcome) throw refusal(outcome.refused);
  return outcome;
}

export function refusal(checks: CheckResult[]): DomainError {
  const failed = checks.filter((c) => c.outcome !== 'pass');
  const first = failed.find((c) => c.outcome === 'fail') ?? failed[0];
  const verb = first.outcome === 'fail' ? '不予登记' : '暂缓登记，待人工核查';
  return new DomainError('conflict', REFUSAL_CODE[first.check], `${verb}：${failed.map((c) => `${c.message}（${c.rule}）`).join('；')}`, { checks });
}

async function openReviews(trx: MarriageDb, officeId: number, parties: [CheckParty, CheckParty], checks: CheckResult[]): Promise<void> {
  for (const c of checks) {
    if (c.outcome !== 'review') continue;
    if (c.check === 'name_match')
      for (const m of c.compare ?? []) {
        const p = m.party === 'husband' ? parties[0] : parties[1];
        const key = reviewKeys.name(p.id.hash, m.recordId);
        const open = await trx.selectFrom('marriage.reviews').select('id').where('status', '=', 'open').where(sql<boolean>`detail->>'key' = ${key}`).executeTakeFirst();
        if (!open)
          await trx
            .insertInto('marriage.reviews')
            .values({
              kind: 'name_match',
              office_id: officeId,
              marriage_id: null,
              other_marriage_id: m.recordId,
              detail: JSON.stringify({ key, applicant: { name: p.name, birthDate: p.id.birthDate, idNumber: p.id.masked, role: p.role }, record: m.record }),
            })
            .execute();
      }
    if (c.check === 'kinship') {
      const key = reviewKeys.kin(parties[0].id.hash, parties[1].id.hash);
      const open = await trx.selectFrom('marriage.reviews').select('id').where('status', '=', 'open').where(sql<boolean>`detail->>'key' = ${key}`).executeTakeFirst();
      if (!open)
        await trx
          .insertInto('marriage.reviews')
          .values({
            kind: 'kinship_inferred',
            office_id: officeId,
            marriage_id: null,
            other_marriage_id: null,
            detail: JSON.stringify({ key, husband: { name: parties[0].name, idNumber: parties[0].id.masked }, wife: { name: parties[1].name, idNumber: parties[1].id.masked }, message: c.message }),
          })
          .execute();
    }
  }
}
