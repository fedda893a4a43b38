/**
 * 老年照护统一需求评估: an assessment per older person (level 0–6; 2–6 qualify for long-term-care services),
 * valid for a configured period (2 years), and the list of assessments expiring or expired. Recording reads the
 * person through the registry as the actor (scoped, audited); a new level re-ranks the person's waitlist place.
 */
import type { Actor } from '../access/index.js';
import { addDays, addMonthsToDate, divisionPrefix, invalid, isValidDate, type IsoDate } from '../kernel/index.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { allowRead, guardedTransaction } from './guard.js';
import type { EldercareDb } from './model.js';
import { scopeOf } from './facilities.js';
import { applyAssessmentToApplication } from './priority.js';
import { levelText } from './care-levels.js';
import { loadSettings } from './settings.js';
import { withPersonNames, type Named } from './person-names.js';

export const LTC_MIN_LEVEL = 2;

export interface AssessmentInput {
  personId: number;
  level: number;
  cognitiveImpairment?: boolean;
  assessor: string;
  assessedOn: IsoDate;
}

export interface AssessmentView extends Named {
  id: number;
  personId: number;
  level: number;
  levelText: string;
  cognitiveImpairment: boolean;
  qualifiesForLongTermCare: boolean;
  assessor: string;
  assessedOn: IsoDate;
  validUntil: IsoDate;
  divisionCode: string;
  /** valid, expiring (within the notice period), expired — on the day asked. */
  state: 'valid' | 'expiring' | 'expired';
  daysLeft: number;
}

export { levelText };

const dayNumber = (d: IsoDate) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

type Row = { id: number; person_id: number; level: number; cognitive_impairment: boolean; assessor: string; assessed_on: IsoDate; valid_until: IsoDate; division_code: string };

function view(r: Row, on: IsoDate, noticeDays: number): Omit<AssessmentView, keyof Named> {
  const daysLeft = dayNumber(r.valid_until) - dayNumber(on);
  return {
    id: r.id,
    personId: r.person_id,
    level: r.level,
    levelText: levelText(r.level),
    cognitiveImpairment: r.cognitive_impairment,
    qualifiesForLongTermCare: r.level >= LTC_MIN_LEVEL,
    assessor: r.assessor,
    assessedOn: r.assessed_on,
    validUntil: r.valid_until,
    divisionCode: r.division_code,
    state: daysLeft < 0 ? 'expired' : daysLeft <= noticeDays ? 'expiring' : 'valid',
    daysLeft,
  };
}

export async function recordAssessment(deps: EldercareDeps, actor: Actor, input: AssessmentInput): Promise<AssessmentView> {
  if (!Number.isInteger(input.level) || input.level < 0 || input.level > 6) throw invalid('ELDERCARE_INVALID_LEVEL', '照护等级须为 0–6 的整数');
  const assessor = (input.assessor ?? '').trim();
  if (!assessor || assessor.length > 200) throw invalid('ELDERCARE_ASSESSOR_REQUIRED', '须填写评估机构及评估员');
  const on = today(deps);
  if (!isValidDate(input.assessedOn) || input.assessedOn > on) throw invalid('ELDERCARE_INVALID_DATE', '评估日期须为有效日期且不晚于今天');
  const person = await deps.registry.person(actor, input.personId);
  if (person.deathDate) throw invalid('ELDERCARE_PERSON_DECEASED', `${person.name} 已登记死亡，不能录入评估`);
  const settings = await loadSettings(tables(deps), input.assessedOn);
  const validUntil = addDays(addMonthsToDate(input.assessedOn, settings.validityMonths), -1);
  const row = await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({
      permission: 'eldercare.assess',
      action: 'eldercare.assessment.record',
      entityType: 'person',
      entityId: person.id,
      divisionCodes: [person.residenceDivision, person.hukouDivision],
      detail: { level: input.level, assessedOn: input.assessedOn },
    });
    const latest = await latestRow(trx, person.id);
    if (latest && latest.assessed_on > input.assessedOn) throw invalid('ELDERCARE_ASSESSMENT_OUTDATED', `已有 ${latest.assessed_on} 的更新评估，不能补录更早的评估`);
    const inserted = await trx
      .insertInto('eldercare.assessments')
      .values({
        person_id: person.id,
        level: input.level,
        cognitive_impairment: input.cognitiveImpairment ?? false,
        assessor,
        assessed_on: input.assessedOn,
        valid_until: validUntil,
        division_code: person.residenceDivision,
        recorded_by: actor.userId,
      })
      .returning(['id', 'person_id', 'level', 'cognitive_impairment', 'assessor', 'assessed_on', 'valid_until', 'division_code'])
      .executeTakeFirstOrThrow();
    await applyAssessmentToApplication(trx, actor, inserted);
    return inserted;
  });
  return { ...view(row, on, settings.expiryNoticeDays), personName: person.name, personNameMasked: false };
}

async function latestRow(db: EldercareDb, personId: number): Promise<Row | undefined> {
  return db
    .selectFrom('eldercare.assessments')
    .select(['id', 'person_id', 'level', 'cognitive_impairment', 'assessor', 'assessed_on', 'valid_until', 'division_code'])
    .where('person_id', '=', personId)
    .orderBy('assessed_on', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The person's assessments, latest first (the first one counts); reading them is audited. */
export async function personAssessments(deps: EldercareDeps, actor: Actor, personId: number): Promise<AssessmentView[]> {
  const person = await deps.registry.person(actor, personId);
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'eldercare.persons.read', action: 'eldercare.assessment.read', entityType: 'person', entityId: personId, divisionCodes: [person.residenceDivision, person.hukouDivision] });
  const on = today(deps);
  const settings = await loadSettings(db, on);
  const rows = await db
    .selectFrom('eldercare.assessments')
    .select(['id', 'person_id', 'level', 'cognitive_impairment', 'assessor', 'assessed_on', 'valid_until', 'division_code'])
    .where('person_id', '=', personId)
    .orderBy('assessed_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ ...view(r, on, settings.expiryNoticeDays), personName: person.name, personNameMasked: false }));
}

export async function currentAssessment(db: EldercareDb, personId: number): Promise<Row | undefined> {
  return latestRow(db, personId);
}

export interface ExpiryQuery {
  divisionCode?: string;
  /** expiring (default: within the notice period), expired, or both. */
  state?: 'expiring' | 'expired' | 'all';
  limit?: number;
}

/**
 * 到期提醒: each person's latest assessment that has expired or expires within the notice period, soonest
 * first, in the actor's jurisdiction (by the person's residence at assessment). One audit entry per list.
 */
export async function expiringAssessments(deps: EldercareDeps, actor: Actor, query: ExpiryQuery = {}): Promise<{ on: IsoDate; noticeDays: number; items: AssessmentView[] }> {
  const scope = scopeOf(actor, query.divisionCode);
  const db = tables(deps);
  const on = today(deps);
  const settings = await loadSettings(db, on);
  const limit = query.limit ?? 200;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalid('ELDERCARE_INVALID_LIMIT', '每页条数须为 1–1000');
  const state = query.state ?? 'all';
  const horizon = addDays(on, settings.expiryNoticeDays);
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('eldercare.assessments')
        .distinctOn('person_id')
        .select(['id', 'person_id', 'level', 'cognitive_impairment', 'assessor', 'assessed_on', 'valid_until', 'division_code'])
        .where('division_code', 'like', `${divisionPrefix(scope)}%`)
        .orderBy('person_id')
        .orderBy('assessed_on', 'desc')
        .orderBy('id', 'desc')
        .as('latest'),
    )
    .selectAll()
    .$if(state === 'expired', (q) => q.where('valid_until', '<', on))
    .$if(state === 'expiring', (q) => q.where('valid_until', '>=', on).where('valid_until', '<=', horizon))
    .$if(state === 'all', (q) => q.where('valid_until', '<=', horizon))
    .orderBy('valid_until')
    .orderBy('person_id')
    .limit(limit)
    .execute();
  await allowRead(db, actor, { permission: 'eldercare.persons.read', action: 'eldercare.assessment.expiry_list', entityType: 'division', entityId: scope, divisionCodes: [scope], detail: { state, persons: rows.map((r) => r.person_id) } });
  return {
    on,
    noticeDays: settings.expiryNoticeDays,
    items: await withPersonNames(
      deps,
      actor,
      rows.map((r) => view(r, on, settings.expiryNoticeDays)),
      `eldercare.assessments.expiring:${scope}`,
    ),
  };
}
