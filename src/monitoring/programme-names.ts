/** The programmes' short names as leads, grants and the dashboard show them. */
export const programmeNames: Record<string, string> = {
  dibao: '低保',
  low_income: '低收入',
  expense_poverty: '支出型贫困',
  destitute: '特困供养',
  elderly_allowance: '老年综合津贴',
  orphan_allowance: '孤儿基本生活费',
  child_plight_allowance: '困境儿童、事实无人抚养儿童基本生活费',
};
