/** A certificate number from its format: `{kind}{code6}-{year}-{serial6}` → J310115-2025-000042 (marriage, adoption). */
export function formatCertificateNumber(format: string, kind: string, code6: string, year: number, serial: number): string {
  return format.replace('{kind}', kind).replace('{code6}', code6).replace('{year}', String(year)).replace('{serial6}', String(serial).padStart(6, '0'));
}
