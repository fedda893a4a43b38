import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The bureau works on Shanghai time: an officer on a laptop set to another zone still sees Shanghai's clock and calendar. */
export const SHANGHAI = 'Asia/Shanghai';

/** Today's calendar date in Shanghai, 'YYYY-MM-DD' (the browser's own date may already be tomorrow or still yesterday). */
export const todayIso = (): string => dayjs().tz(SHANGHAI).format('YYYY-MM-DD');

/** Shanghai's today as a date picker value (a plain local date: pickers hold calendar dates, not instants). */
export const today = (): Dayjs => dayjs(todayIso());

/** Whole years on `on` (default today); dates are 'YYYY-MM-DD' strings as the API sends them. */
export function ageOn(birthDate: string, on: string = todayIso()): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Every instant the API sends (ISO with its offset), shown on Shanghai's clock whatever the browser's zone. */
export const formatDateTime = (iso: string): string => dayjs(iso).tz(SHANGHAI).format('YYYY-MM-DD HH:mm:ss');

/** An instant's Shanghai calendar date. */
export const formatInstantDate = (iso: string): string => dayjs(iso).tz(SHANGHAI).format('YYYY-MM-DD');

export const currentMonth = (): string => todayIso().slice(0, 7);

/** [from, to) as the API stores validity; an open end reads 至今. */
export const formatPeriod = (from: string, to: string | null): string => `${from} 至 ${to ?? '今'}`;
