import dayjs from 'dayjs';

export const formatDay = (iso: string): string => dayjs(iso).format('YYYY年M月D日');
export const formatMoment = (iso: string): string => dayjs(iso).format('YYYY年M月D日 HH:mm');
export const formatMonth = (month: string): string => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
export const formatBytes = (bytes: number): string => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
