import { apiAs, apiClient } from './harness.js';

export interface PersonItem {
  id: number;
  name: string;
  hukouDivision: string;
  residenceDivision: string;
  householdId?: number | null;
  disability: unknown;
}
export interface HouseholdBody {
  id: number;
  members: PersonItem[];
}

const WEIFANG = '310115004';

export const thisMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);

/** A 潍坊新村街道 household registered and living there: the street of registration takes its application. */
export async function pickHousehold(baseUrl: string): Promise<{ person: PersonItem; household: HouseholdBody }> {
  const weifang = await apiAs(baseUrl, 'weifang');
  const { body } = await weifang<{ items: PersonItem[] }>('/persons?limit=200');
  for (const candidate of body.items) {
    if (!candidate.householdId || !candidate.hukouDivision.startsWith(WEIFANG) || !candidate.residenceDivision.startsWith(WEIFANG)) continue;
    const found = await weifang<HouseholdBody>(`/households/${candidate.householdId}`);
    if (found.body.members.every((m) => m.hukouDivision.startsWith(WEIFANG) && m.residenceDivision.startsWith(WEIFANG))) return { person: candidate, household: found.body };
  }
  throw new Error('demo city has no household registered and living wholly in 潍坊新村街道');
}

/** The disabled persons' federation reports new grade-1 certificates: warnings for the street's advisor. */
export async function sendDisabilityCertificates(baseUrl: string, householdId: number): Promise<void> {
  const weifang = await apiAs(baseUrl, 'weifang');
  const { body } = await weifang<{ items: PersonItem[] }>('/persons?limit=200');
  const targets = body.items.filter((p) => p.residenceDivision.startsWith(WEIFANG) && !p.disability && p.householdId !== householdId).slice(0, 3);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const csv = `type,personId,issuedOn,grade,category\n${targets.map((p) => `disability_certificate,${p.id},${today},1,肢体`).join('\n')}\n`;
  const admin = await apiClient(baseUrl, 'admin');
  const receipt = await admin<{ warningsRaised: number }>('POST', '/monitoring/exchange/disabled_federation/batches/e2e-1', csv, 'text/csv');
  if (receipt.status !== 200 || receipt.body.warningsRaised === 0) throw new Error(`fixture batch: ${receipt.status} ${JSON.stringify(receipt.body)}`);
}
