/**
 * The registration rules as pure checks: which step may follow which, and the conditions for establishment.
 * A step taken too early is a 409 naming the rule and, where time is what is missing, the first allowed date.
 */
import { addMonthsToDate, DomainError, formatYuan, type IsoDate } from '../kernel/index.js';
import { statusNames, type ActionKind, type Status } from './model.js';
import type { SocialorgSettings } from './settings.js';
import type { OrgRow } from './views.js';

export const ruleBreach = (code: string, message: string, details?: Record<string, unknown>) => new DomainError('conflict', code, message, details);

/** The statuses each step may be taken from (the type-specific ones are checked in `checkStep`). */
const FROM: Record<Exclude<ActionKind, 'name_check'>, readonly Status[]> = {
  prepare_apply: ['name_approved'],
  prepare_approve: ['preparation_applied'],
  establish_apply: ['name_approved', 'preparing'],
  establish: ['establishment_applied'],
  reject: ['name_approved', 'preparation_applied', 'preparing', 'establishment_applied'],
  change: ['registered'],
  liquidate: ['registered'],
  deregister: ['liquidating'],
  revoke: ['registered', 'liquidating'],
  charity_recognise: ['registered'],
  charity_withdraw: ['registered', 'liquidating'],
  fundraising_grant: ['registered'],
  charity_apply: ['registered'],
  charity_refuse: ['registered'],
  fundraising_apply: ['registered'],
  fundraising_refuse: ['registered'],
};

/**
 * 公开募捐资格: a charity registered or recognised as one for ≥ 1 year (慈善法 2023 第二十二条), counted from
 * `charity_since` (the registration date for one registered as a charity); 3A+ only when the switch is on.
 */
function checkFundraising(org: OrgRow, on: IsoDate, settings: SocialorgSettings, gradeInForce: number | null): void {
  if (!org.charity_since) throw ruleBreach('SOCIALORG_NOT_A_CHARITY', '只有慈善组织可以取得公开募捐资格（《慈善法》第二十二条）');
  if (org.fundraising_since) throw ruleBreach('SOCIALORG_ALREADY_QUALIFIED', `已于 ${org.fundraising_since} 取得公开募捐资格`);
  const months = settings.num('charity.fundraisingAfterMonths');
  const firstAllowed = addMonthsToDate(org.charity_since, months);
  if (on < firstAllowed) {
    throw ruleBreach('SOCIALORG_TOO_EARLY', `登记或认定为慈善组织满 ${months} 个月方可申请公开募捐资格，最早可于 ${firstAllowed} 申请（${settings.used['charity.fundraisingAfterMonths'].source}）`, {
      rule: 'charity.fundraisingAfterMonths',
      firstAllowed,
    });
  }
  if (settings.get('charity.fundraisingRequires3A') === true && (gradeInForce ?? 0) < 3) {
    throw ruleBreach('SOCIALORG_GRADE_REQUIRED', `须有有效的3A以上评估等级（${settings.used['charity.fundraisingRequires3A'].source}）`, { rule: 'charity.fundraisingRequires3A' });
  }
}

export function checkStep(org: OrgRow, action: Exclude<ActionKind, 'name_check'>, on: IsoDate, settings: SocialorgSettings, gradeInForce: number | null = null): void {
  if (!FROM[action].includes(org.status)) throw ruleBreach('SOCIALORG_STEP_NOT_ALLOWED', `当前状态为“${statusNames[org.status]}”，不能办理此事项`, { status: org.status });
  if (action === 'prepare_apply' && org.org_type !== 'social_group') throw ruleBreach('SOCIALORG_NO_PREPARATION', '只有社会团体须经筹备；社会服务机构和基金会直接申请登记');
  if (action === 'establish_apply' && org.org_type === 'social_group' && org.status !== 'preparing') {
    throw ruleBreach('SOCIALORG_PREPARATION_REQUIRED', '社会团体须经登记管理机关批准筹备后方可申请成立登记（《社会团体登记管理条例》第九条）');
  }
  if (action === 'establish_apply' && org.status === 'preparing' && org.preparation_ends && on > org.preparation_ends) {
    throw ruleBreach('SOCIALORG_PREPARATION_EXPIRED', `筹备期已于 ${org.preparation_ends} 届满（${settings.used['clock.preparationMonths'].source}），须重新申请筹备`, { preparationEnds: org.preparation_ends });
  }
  if (action === 'fundraising_apply' || (action === 'fundraising_grant' && org.pending_kind !== 'fundraising')) checkFundraising(org, on, settings, gradeInForce);
  if ((action === 'charity_refuse' && org.pending_kind !== 'charity') || (action === 'fundraising_refuse' && org.pending_kind !== 'fundraising')) throw ruleBreach('SOCIALORG_NO_APPLICATION', '没有待决定的申请');
  if ((action === 'charity_apply' || action === 'fundraising_apply') && org.pending_kind) throw ruleBreach('SOCIALORG_PENDING', `已有待决定的申请，期限 ${org.pending_due}`);
  if (action === 'charity_apply' && org.charity_since) throw ruleBreach('SOCIALORG_ALREADY_CHARITY', `已于 ${org.charity_since} 认定为慈善组织`);
  if (action === 'charity_recognise' && org.charity_since) throw ruleBreach('SOCIALORG_ALREADY_CHARITY', `已于 ${org.charity_since} 认定为慈善组织`);
  if (action === 'charity_withdraw' && !org.charity_since) throw ruleBreach('SOCIALORG_NOT_A_CHARITY', '该组织不是慈善组织');
}

export interface EstablishmentFacts {
  individualMembers?: number;
  unitMembers?: number;
  fundsFen: number;
  /** 'owned' (产权证明) or 'use_right' with its months. */
  premises: { kind: 'owned' | 'use_right'; months?: number } | null;
  /** 业务主管单位同意 (dual management only). */
  supervisorConsent: boolean;
}

/** 成立条件 by type and level: members, minimum funds, premises, consent. Every unmet condition is named at once. */
export function establishmentProblems(org: OrgRow, facts: EstablishmentFacts, settings: SocialorgSettings): string[] {
  const problems: string[] = [];
  const cite = (name: Parameters<SocialorgSettings['num']>[0]) => settings.used[name].source;
  if (org.org_type === 'social_group') {
    const ind = facts.individualMembers ?? 0;
    const unit = facts.unitMembers ?? 0;
    const minInd = settings.num('establish.groupMinIndividualMembers');
    const minUnit = settings.num('establish.groupMinUnitMembers');
    // 50 individual, or 30 unit, or 50 together (mixed membership).
    if (ind < minInd && unit < minUnit && ind + unit < minInd) problems.push(`会员不足：个人会员 ${ind} 个、单位会员 ${unit} 个（${cite('establish.groupMinIndividualMembers')}）`);
  }
  const minimum: Parameters<SocialorgSettings['num']>[0] =
    org.org_type === 'social_group'
      ? 'establish.groupMinFundsFen'
      : org.org_type === 'social_service'
        ? org.level === 'city'
          ? 'establish.serviceCityMinFundsFen'
          : 'establish.serviceDistrictMinFundsFen'
        : org.foundation_kind === 'public'
          ? 'establish.foundationPublicMinFundsFen'
          : 'establish.foundationNonPublicMinFundsFen';
  if (facts.fundsFen < settings.num(minimum)) problems.push(`资金不足：${formatYuan(facts.fundsFen)} 元，不低于 ${formatYuan(settings.num(minimum))} 元（${cite(minimum)}）`);
  if (!facts.premises) problems.push('须有固定住所');
  else if (org.org_type === 'social_service' && facts.premises.kind === 'use_right' && (facts.premises.months ?? 0) < settings.num('establish.servicePremisesMonths')) {
    problems.push(`住所使用权不足 ${settings.num('establish.servicePremisesMonths')} 个月（${cite('establish.servicePremisesMonths')}）`);
  }
  if (org.mode === 'dual' && !facts.supervisorConsent) problems.push(`须经业务主管单位（${org.supervisor_unit ?? '未填写'}）同意（《社会团体登记管理条例》第九条、《民办非企业单位登记管理暂行条例》第八条）`);
  return problems;
}
