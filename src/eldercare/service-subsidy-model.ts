/** 养老服务补贴: the household statuses and care-level bands its amounts are set by (a leaf: settings and the decision name them). */
export const SUBSIDY_STATUSES = ['dibao', 'lowIncome'] as const;
export type SubsidyStatus = (typeof SUBSIDY_STATUSES)[number];
export const subsidyStatusNames: Record<SubsidyStatus, string> = { dibao: '低保家庭', lowIncome: '低收入家庭' };

export const SUBSIDY_BANDS = ['level1', 'level2to4', 'level5to6'] as const;
export type SubsidyBand = (typeof SUBSIDY_BANDS)[number];
export const subsidyBandNames: Record<SubsidyBand, string> = { level1: '照护一级', level2to4: '照护二至四级', level5to6: '照护五至六级' };

/** The band of a care level 1–6; level 0 (below the levels) has none. */
export const bandOf = (level: number): SubsidyBand | null => (level >= 5 ? 'level5to6' : level >= 2 ? 'level2to4' : level === 1 ? 'level1' : null);
