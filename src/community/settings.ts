/**
 * The roster's configured figures, dated, with their sources. The workers' quota (额度) standard itself was not
 * found (reference CHILDREN-COMMUNITY-INDICATORS.md §5.3): the default is the reference's suggestion, unverified.
 */
import type { IsoDate } from '../kernel/index.js';

export interface DatedSetting {
  from: IsoDate;
  value: number;
  verified: boolean;
  source: string;
}

export const COMMUNITY_SETTINGS = {
  householdsPerWorker: {
    label: '社区工作者配备额度（每名社区工作者服务的登记户数）',
    values: [{ from: '2020-01-01', value: 300, verified: false, source: '配置值：参考文件建议 1 名社区工作者对应 300 户，市级标准未找到，请核实' }],
  },
} satisfies Record<string, { label: string; values: readonly DatedSetting[] }>;

export function settingOn(name: keyof typeof COMMUNITY_SETTINGS, on: IsoDate): DatedSetting & { label: string } {
  const def = COMMUNITY_SETTINGS[name];
  const found = [...def.values].reverse().find((v) => v.from <= on) ?? def.values[0];
  return { ...found, label: def.label };
}
