/**
 * 我能享受的政策: the programmes the policy engine finds the household (or the person) eligible for, explained
 * in Chinese with the amount; the 免申即享 grants already made; 政策找人 leads as "apply in one step"; and the
 * registry facts an application would be pre-filled with (两个免于提交).
 */
import type { Static } from 'typebox';
import { formatYuan } from '../kernel/index.js';
import { listGrants, listLeads } from '../monitoring/index.js';
import { portalActor, tables, thisMonth, today, type ResidentDeps } from './deps.js';
import type { ResidentSession } from './identity.js';
import { APPLICATION_KINDS, type ApplicationKind } from './model.js';
import { actingFor, circleOf, householdSummary, personRef, recordAct } from './people.js';
import { explainFor, policyInputOf, programmeNames, type HouseholdPolicyInput } from './ports.js';
import { hadUnconfirmedFigure, plainWording, UNCONFIRMED_NOTE } from './plain-wording.js';
import type { EntitlementsSchema, PrefilledFactSchema } from './schemas.js';

export type Entitlements = Static<typeof EntitlementsSchema>;
export type PrefilledFact = Static<typeof PrefilledFactSchema>;

const SOURCE = '政府部门共享数据（无需您提交）';

/** What the government already holds about the household, as an application would carry it. */
export function prefilledFacts(input: HouseholdPolicyInput | null, personId: number): PrefilledFact[] {
  if (!input) return [];
  const me = input.members.find((m) => m.id === String(personId));
  const income = input.members.reduce((sum, m) => sum + m.monthlyIncomeFen, 0);
  const assets = input.members.reduce((sum, m) => sum + m.monetaryAssetsFen, 0);
  const facts: PrefilledFact[] = [
    { label: '共同生活家庭成员', value: `${input.members.length} 人`, source: '户籍与家庭登记' },
    { label: '家庭月收入合计', value: `${formatYuan(income)} 元`, source: SOURCE },
    { label: '家庭货币财产合计', value: `${formatYuan(assets)} 元`, source: SOURCE },
    { label: '近 12 个月自付医疗、教育支出', value: `${formatYuan(input.rigidExpensesLast12MonthsFen)} 元`, source: SOURCE },
    { label: '家庭成员名下机动车', value: input.members.some((m) => m.ownsVehicle) ? '有' : '无', source: SOURCE },
  ];
  if (me) {
    facts.push({ label: '户籍', value: me.hukouShanghai ? '本市户籍' : '非本市户籍', source: '户籍登记' });
    if (me.disability) facts.push({ label: '残疾等级', value: `${me.disability.grade} 级`, source: '残疾人证' });
  }
  return facts;
}

const applyable = (programme: string): ApplicationKind | null => ((APPLICATION_KINDS as readonly string[]).includes(programme) ? (programme as ApplicationKind) : null);

export async function entitlementsOf(deps: ResidentDeps, session: ResidentSession, forPersonId: number | undefined): Promise<Entitlements> {
  const month = thisMonth(deps);
  const circle = await circleOf(deps, session, month);
  const { person, relation } = await actingFor(deps, session, circle, forPersonId, 'resident.entitlements.read');
  const actor = portalActor(session.residentId);
  const on = today(deps);
  const householdId = person.householdId ?? null;
  const household = householdId ? (householdId === circle.household?.id ? circle.household : null) : null;
  const monitoring = deps.monitoring;
  // Independent reads of four modules, side by side; their audit entries go out together (the route's batch).
  const explained = async () => {
    // The resident's own household was read with the circle; a ward living elsewhere is read now.
    const input = householdId === null ? null : householdId === circle.household?.id ? circle.policyInput : await policyInputOf(deps, actor, householdId, month);
    return { input, results: input?.members.length ? await explainFor(deps, input, month) : [] };
  };
  const [{ input, results }, openKinds, names, grantPage, leadPage, householdView] = await Promise.all([
    explained(),
    tables(deps).selectFrom('residents.applications').select('kind').where('person_id', '=', person.id).where('withdrawn_at', 'is', null).execute(),
    programmeNames(),
    listGrants(monitoring, actor, { personId: person.id, limit: 50 }),
    household ? listLeads(monitoring, actor, { division: household.divisionCode, householdId: household.id, limit: 200 }) : Promise.resolve(null),
    householdSummary(deps, household, circle),
  ]);
  const open = new Set(openKinds.map((r) => r.kind));
  const disabledReason = (kind: ApplicationKind | null): string | null => {
    if (!kind) return '该项目无需申请或请到窗口办理';
    if (open.has(kind)) return '您已提交过该项申请，请在“我的申请”中查看进度';
    return null;
  };
  const eligible = results
    .filter((r) => r.eligible && (r.memberId === undefined || r.memberId === String(person.id)))
    .map((r) => {
      const kind = applyable(r.programme);
      return {
        programme: r.programme,
        programmeName: names.get(r.programme) ?? r.programme,
        eligible: true,
        monthlyAmountFen: r.monthlyAmountFen > 0 ? r.monthlyAmountFen : null,
        explanation: [...r.reasons.map(plainWording), ...(r.reasons.some(hadUnconfirmedFigure) ? [UNCONFIRMED_NOTE] : [])],
        applyAs: kind,
        applyDisabledReason: disabledReason(kind),
      };
    });
  const grants = grantPage.items.map((g) => ({
    id: g.id,
    person: personRef(person, relation, on),
    programme: g.programme,
    programmeName: g.programmeName,
    fromMonth: g.fromMonth,
    untilMonth: g.untilMonth,
    status: g.status,
    statusName: g.status === 'active' ? '享受中（免申即享）' : '已停止',
  }));
  const leads = leadPage
    ? leadPage.items
        .filter((l) => (l.personId === null || l.personId === person.id) && (l.status === 'found' || l.status === 'contacted'))
        .map((l) => {
          const kind = applyable(l.programme);
          return {
            id: l.id,
            programme: l.programme,
            programmeName: l.programmeName,
            message: `根据政府部门共享的数据，您家可能符合${l.programmeName}条件${l.amountFen ? `（约每月 ${formatYuan(l.amountFen)} 元）` : ''}，可一键申请，无需重复提交已有材料。`,
            applyAs: kind && !disabledReason(kind) ? kind : null,
            prefilled: prefilledFacts(input, person.id),
          };
        })
    : [];
  await recordAct(deps, session, person.id, 'resident.entitlements.read');
  return {
    person: personRef(person, relation, on),
    household: householdView,
    month,
    eligible,
    grants,
    leads,
    prefilled: prefilledFacts(input, person.id),
  };
}
