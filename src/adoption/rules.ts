/**
 * Who may be adopted and who may adopt (民法典 第1093–1102条), as a pure function of the facts on the registration day and
 * the parameters in force on it. Each result names its rule and article; `fail` refuses. Ages are 周岁 on the day, the
 * birthday counting (kernel ageOn), as in marriage registration.
 */
import { ageOn, type IsoDate, type Sex } from '../kernel/index.js';
import { CHILD_KIND_LABELS, SENDER_KIND_LABELS, type ChildKind, type SenderKind } from './model.js';
import type { AdoptionSettings } from './settings.js';

export type RuleCheck = 'adoptee' | 'sender' | 'adopter_age' | 'joint' | 'children' | 'number' | 'age_gap';

export interface RuleResult {
  check: RuleCheck;
  outcome: 'pass' | 'fail';
  rule: string;
  message: string;
}

export interface EligibilityFacts {
  on: IsoDate;
  child: { birthDate: IsoDate; sex: Sex; kind: ChildKind; disabled: boolean; inWelfareInstitution: boolean };
  /** One adopter, or a married couple adopting jointly. */
  adopters: { name: string; birthDate: IsoDate; sex: Sex }[];
  /** A single adopter's spouse (第1101条: 有配偶者收养子女，应当夫妻共同收养). */
  singleAdopterHasSpouse: boolean;
  /** Children the adopters have before this adoption, birth and adopted. */
  children: number;
  /** Of them, adopted ones. */
  adopted: number;
  sender: SenderKind;
}

/** 第1094条: 孤儿的监护人, 儿童福利机构, 有特殊困难无力抚养子女的生父母 — each for the children it may place. */
const SENDERS: Record<ChildKind, readonly SenderKind[]> = { orphan: ['guardian', 'welfare_institution'], parents_unknown: ['welfare_institution', 'guardian'], parents_difficulty: ['birth_parents'] };

const SEX = { M: '男', F: '女' } as const;

/** 第1100条第2款: 孤儿、残疾未成年人、儿童福利机构抚养的查找不到生父母的未成年人 — not bound by 1098(一) nor 1100(1). */
export function exemptFromNumber(child: EligibilityFacts['child']): string | null {
  if (child.kind === 'orphan') return '被收养人为孤儿';
  if (child.disabled) return '被收养人为残疾未成年人';
  if (child.kind === 'parents_unknown' && child.inWelfareInstitution) return '被收养人为儿童福利机构抚养的查找不到生父母的未成年人';
  return null;
}

export function checkEligibility(facts: EligibilityFacts, s: AdoptionSettings): RuleResult[] {
  const out: RuleResult[] = [];
  const childAge = ageOn(facts.child.birthDate, facts.on);
  const minor = childAge >= 0 && childAge < s.minorUnder;
  out.push({
    check: 'adoptee',
    outcome: minor ? 'pass' : 'fail',
    rule: `《民法典》第1093条：丧失父母的孤儿、查找不到生父母的未成年人、生父母有特殊困难无力抚养的子女可以被收养（${s.source['adoptee.minorUnder']}）`,
    message: minor ? `被收养人 ${childAge} 周岁，为未成年人（${CHILD_KIND_LABELS[facts.child.kind]}）` : `被收养人 ${childAge} 周岁，已满 ${s.minorUnder} 周岁，不是未成年人`,
  });

  const senderOk = SENDERS[facts.child.kind].includes(facts.sender);
  out.push({
    check: 'sender',
    outcome: senderOk ? 'pass' : 'fail',
    rule: '《民法典》第1094条：孤儿的监护人、儿童福利机构、有特殊困难无力抚养子女的生父母可以作送养人',
    message: senderOk ? `送养人为${SENDER_KIND_LABELS[facts.sender]}` : `${CHILD_KIND_LABELS[facts.child.kind]}不能由${SENDER_KIND_LABELS[facts.sender]}送养`,
  });

  const young = facts.adopters.filter((a) => ageOn(a.birthDate, facts.on) < s.adopterMinAge);
  out.push({
    check: 'adopter_age',
    outcome: young.length ? 'fail' : 'pass',
    rule: s.source['adopter.minAge'],
    message: young.length ? young.map((a) => `收养人${a.name} ${ageOn(a.birthDate, facts.on)} 周岁，未满 ${s.adopterMinAge} 周岁`).join('；') : facts.adopters.map((a) => `收养人${a.name} ${ageOn(a.birthDate, facts.on)} 周岁`).join('，'),
  });

  const single = facts.adopters.length === 1;
  out.push({
    check: 'joint',
    outcome: single && facts.singleAdopterHasSpouse ? 'fail' : 'pass',
    rule: '《民法典》第1101条：有配偶者收养子女，应当夫妻共同收养',
    message: single ? (facts.singleAdopterHasSpouse ? '收养人有配偶，须夫妻共同收养' : '收养人无配偶，单方收养') : '夫妻共同收养',
  });

  const exempt = exemptFromNumber(facts.child);
  const birthChildren = Math.max(0, facts.children - facts.adopted);
  const tooMany = facts.children > s.maxChildren;
  out.push({
    check: 'children',
    outcome: !exempt && tooMany ? 'fail' : 'pass',
    rule: s.source['adopter.maxChildren'],
    message: exempt ? `${exempt}，不受已有子女数的限制` : tooMany ? `收养人已有 ${facts.children} 名子女，超过 ${s.maxChildren} 名` : `收养人已有 ${facts.children} 名子女`,
  });

  const limit = birthChildren === 0 ? s.adoptionsWithoutChildren : s.adoptionsWithChildren;
  const over = facts.adopted + 1 > limit;
  out.push({
    check: 'number',
    outcome: !exempt && over ? 'fail' : 'pass',
    rule: `${birthChildren === 0 ? s.source['adoptions.withoutChildren'] : s.source['adoptions.withChildren']}；第1100条第2款：收养孤儿、残疾未成年人或者儿童福利机构抚养的查找不到生父母的未成年人，可以不受限制`,
    message: exempt ? `${exempt}，不受收养人数的限制` : `${birthChildren === 0 ? '收养人无亲生子女' : '收养人有亲生子女'}，最多收养 ${limit} 名，已收养 ${facts.adopted} 名${over ? '，不得再收养' : ''}`,
  });

  const gapCheck = single && !facts.singleAdopterHasSpouse && facts.adopters[0].sex !== facts.child.sex;
  const gapOf = (a: EligibilityFacts['adopters'][number]) => ageOn(a.birthDate, facts.child.birthDate);
  const gap = gapCheck ? gapOf(facts.adopters[0]) : null;
  out.push({
    check: 'age_gap',
    outcome: gap !== null && gap < s.singleOppositeSexGap ? 'fail' : 'pass',
    rule: s.source['singleOppositeSex.minGap'],
    message:
      gap === null ? '不适用（夫妻共同收养或收养同性子女）' : `无配偶的${SEX[facts.adopters[0].sex]}性收养人收养${SEX[facts.child.sex]}孩，年龄相差 ${gap} 周岁${gap < s.singleOppositeSexGap ? `，不足 ${s.singleOppositeSexGap} 周岁` : ''}`,
  });
  return out;
}
