/** Adoption is registered by the marriage registries (one per district): the registrar's office is their district's. */
import type { Actor } from '../access/index.js';
import type { Database } from '../db/index.js';
import { forbidden, notFound } from '../kernel/index.js';
import { listOfficesWithAddress } from '../marriage/index.js';

export interface AdoptionOffice {
  id: number;
  districtCode: string;
  code6: string;
  name: string;
}

export async function offices(db: Database): Promise<AdoptionOffice[]> {
  return (await listOfficesWithAddress({ db })).map((o) => ({ id: o.id, districtCode: o.districtCode, code6: o.code6, name: o.name }));
}

export async function officeOfActor(db: Database, actor: Actor): Promise<AdoptionOffice> {
  const office = (await offices(db)).find((o) => o.districtCode === actor.jurisdiction);
  if (!office) throw forbidden('ADOPTION_NOT_AN_OFFICE', '您的账号未配置到某一收养登记机关（须为区级辖区）');
  return office;
}

export function officeIn(all: readonly AdoptionOffice[], id: number): AdoptionOffice {
  const office = all.find((o) => o.id === id);
  if (!office) throw notFound('ADOPTION_UNKNOWN_OFFICE', '收养登记机关不存在');
  return office;
}
