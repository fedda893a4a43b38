import dayjs from 'dayjs';

/** Whole years on `on` (default today); dates are 'YYYY-MM-DD' strings as the API sends them. */
export function ageOn(birthDate: string, on: string = dayjs().format('YYYY-MM-DD')): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export const formatDateTime = (iso: string): string => dayjs(iso).format('YYYY-MM-DD HH:mm:ss');

export const currentMonth = (): string => dayjs().format('YYYY-MM');

/** [from, to) as the API stores validity; an open end reads 至今. */
export const formatPeriod = (from: string, to: string | null): string => `${from} 至 ${to ?? '今'}`;
