import type { ApplicationKind } from '../api/resident-types.js';

/**
 * What each online application is, in the words a resident reads before applying. The server's answers carry
 * their own names (kindName); this is the page text for the form, which exists before any answer does.
 */
export const KIND_TEXT: Record<ApplicationKind, { title: string; intro: string; paid: boolean; assistance: boolean }> = {
  dibao: { title: '最低生活保障（低保）', intro: '家庭人均收入低于本市低保标准、财产符合规定的本市户籍家庭，可按月领取低保金。', paid: true, assistance: true },
  low_income: { title: '低收入困难家庭认定', intro: '家庭收入略高于低保标准的困难家庭，认定后可享受医疗、教育、住房等专项救助。', paid: false, assistance: true },
  expense_poverty: { title: '支出型贫困家庭生活救助', intro: '因重病、子女上学等刚性支出过大，导致基本生活困难的家庭可以申请。', paid: false, assistance: true },
  temporary: { title: '临时救助', intro: '遭遇火灾、交通事故、突发重病等意外，基本生活暂时出现严重困难时可以申请；情况紧急可申请加急办理。', paid: true, assistance: true },
  bed_waitlist: { title: '保基本养老床位轮候', intro: '需要入住养老机构的老年人，可以登记轮候保基本养老床位。', paid: false, assistance: false },
  care_assessment: { title: '老年照护统一需求评估', intro: '60 岁以上需要照护的老年人，可以申请评估照护等级，作为享受长护险等服务的依据。', paid: false, assistance: false },
};

export const isApplicationKind = (value: string | undefined): value is ApplicationKind => value !== undefined && Object.hasOwn(KIND_TEXT, value);
