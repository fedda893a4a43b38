/**
 * Division codes. Everything is stored as the 12-digit statistical code (统计用区划代码):
 * city 310000000000 (province level), district 310101000000 (GB/T 2260 + "000000"), street/town 310101002000
 * (9-digit township code + "000"), committee 310101002001. The API also accepts 6- and 9-digit forms.
 */
/** Shanghai is a province-level municipality: its top is 'province'; a prefecture-level city (南京市) is 'prefecture'. */
export type DivisionLevel = 'province' | 'prefecture' | 'district' | 'street' | 'committee';

export function normaliseDivisionCode(raw: string): string | null {
  const code = raw.trim();
  if (/^\d{6}$/.test(code)) return code + '000000';
  if (/^\d{9}$/.test(code)) return code + '000';
  if (/^\d{12}$/.test(code)) return code;
  return null;
}

export function divisionLevel(code12: string): DivisionLevel {
  if (code12.slice(2) === '0000000000') return 'province';
  if (code12.slice(4) === '00000000') return 'prefecture';
  if (code12.slice(6) === '000000') return 'district';
  if (code12.slice(9) === '000') return 'street';
  return 'committee';
}

/** The code prefix shared by every division in this one's subtree (used for jurisdiction and LIKE queries). */
export function divisionPrefix(code12: string): string {
  switch (divisionLevel(code12)) {
    case 'province':
      return code12.slice(0, 2);
    case 'prefecture':
      return code12.slice(0, 4);
    case 'district':
      return code12.slice(0, 6);
    case 'street':
      return code12.slice(0, 9);
    case 'committee':
      return code12;
  }
}

export function isWithin(code12: string, jurisdiction12: string): boolean {
  return code12.startsWith(divisionPrefix(jurisdiction12));
}

/** Ancestors from the top down, not including the code itself. */
export function divisionAncestors(code12: string): string[] {
  const chain = [code12.slice(0, 2) + '0000000000', code12.slice(0, 6) + '000000', code12.slice(0, 9) + '000'];
  return chain.filter((c) => c !== code12 && code12.startsWith(divisionPrefix(c)));
}
