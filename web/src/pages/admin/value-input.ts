/** Converts between the screen's entry (元, 倍, lists) and the wire value (fen, per mille, arrays) of a setting. */
import { parseYuan } from '../../format/money.js';
import type { SettingRow } from './settings-model.js';

export interface ValueEntry {
  yuan?: string;
  yuanBySize?: string[];
  number?: number | null;
  groups?: string[];
  byProgramme?: Record<string, number | null>;
}

const fenToYuanText = (fen: number) => (fen / 100).toFixed(2);

/** The form's starting point: the value in force, as it is entered. */
export function entryOf(row: SettingRow, value: unknown): ValueEntry {
  switch (row.kind) {
    case 'fen':
      return { yuan: fenToYuanText(value as number) };
    case 'fenBySize':
      return { yuanBySize: (value as number[]).map(fenToYuanText) };
    case 'multiplier':
      return { number: (value as number) / 1000 };
    case 'groups':
      return { groups: [...(value as string[])] };
    case 'monthsByProgramme':
      return { byProgramme: { ...(value as Record<string, number>) } };
    default:
      return { number: value as number };
  }
}

/** The wire value, or the reason in Chinese why the entry is not one. */
export function wireValue(row: SettingRow, entry: ValueEntry, allGroups: readonly string[]): { value: unknown } | { problem: string } {
  const range = (fen: number) => fen >= row.min && fen <= row.max;
  switch (row.kind) {
    case 'fen': {
      const fen = parseYuan(entry.yuan ?? '');
      if (fen === null || !range(fen)) return { problem: `请填写 0 至 ${row.max / 100} 元之间的金额，最多两位小数` };
      return { value: fen };
    }
    case 'fenBySize': {
      const list = (entry.yuanBySize ?? []).map((t) => parseYuan(t));
      if (list.length === 0 || list.some((fen) => fen === null || !range(fen))) return { problem: '每一档都须填写金额（元，最多两位小数）' };
      return { value: list };
    }
    case 'multiplier': {
      const n = entry.number;
      if (typeof n !== 'number' || n < 0 || n * 1000 > row.max) return { problem: `请填写 0 至 ${row.max / 1000} 之间的倍数` };
      return { value: Math.round(n * 1000) };
    }
    case 'groups': {
      const groups = entry.groups ?? [];
      if (groups.length !== allGroups.length || !allGroups.every((g) => groups.includes(g))) return { problem: '须按先后顺序选齐全部优先对象类别，每类一次' };
      return { value: groups };
    }
    case 'monthsByProgramme': {
      const entries = Object.entries(entry.byProgramme ?? {});
      if (entries.some(([, m]) => typeof m !== 'number' || !Number.isInteger(m) || m < row.min || m > row.max)) return { problem: `各项目的复核间隔须为 ${row.min}–${row.max} 之间的整数月数` };
      return { value: Object.fromEntries(entries) };
    }
    default: {
      const n = entry.number;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < row.min || n > row.max) return { problem: `请填写 ${row.min}–${row.max} 之间的整数` };
      return { value: n };
    }
  }
}
