/** Chinese names of the policy engine's codes, sent to the web app by GET /labels (src/http/labels.ts). */
import { Type, type Static } from 'typebox';
import { LabelTable } from '../http/schemas.js';

/** The programmes of the bundled pack, with the short form (低保) caseworkers search for. */
const PROGRAMMES = ['dibao', 'low_income', 'expense_poverty', 'destitute', 'elderly_allowance', 'orphan_allowance'] as const;
/** The `phase` a screening run reports (screen-jobs.ts, screen-part.ts) from queued to done. */
const SCREEN_PHASES = ['queued', 'reading', 'screening', 'writing', 'current', 'done', 'failed'] as const;

export const PolicyLabelsSchema = Type.Object({
  programme: LabelTable(PROGRAMMES),
  screenPhase: LabelTable(SCREEN_PHASES),
  auditAction: LabelTable(),
  entityType: LabelTable(),
});

export const policyLabels = {
  programme: {
    dibao: '最低生活保障（低保）',
    low_income: '低收入家庭',
    expense_poverty: '支出型贫困家庭',
    destitute: '特困人员供养',
    elderly_allowance: '老年综合津贴',
    orphan_allowance: '孤儿基本生活费',
  },
  screenPhase: { queued: '排队中', reading: '读取人口数据', screening: '计算中', writing: '写入结果', current: '更新当期结果', done: '已完成', failed: '失败' },
  auditAction: { 'policy.simulate': '政策模拟测算', 'policy.screen.start': '发起政策筛查' },
  entityType: { screen_run: '筛查任务' },
} satisfies Static<typeof PolicyLabelsSchema>;
