/**
 * 告知书 to the organiser of the funeral (丧事承办人): what the family is entitled to, with amounts and deadlines,
 * what was overpaid and must be returned, and the time limits for 户籍注销 and the ashes. Printed as HTML or PDF
 * (assistance's printer), and recorded as a message sent (a fake gateway in tests and demo).
 */
import type { Actor } from '../access/index.js';
import { htmlToPdf } from '../assistance/index.js';
import { addDays, formatYuan } from '../kernel/index.js';
import { getDeath, type DeathView } from './deaths.js';
import type { FuneralDeps } from './deps.js';
import { settingOn } from './setting-defs.js';

export interface NextOfKinNotice {
  deathId: number;
  title: string;
  lines: { label: string; text: string }[];
  html: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const amountOrAgency = (fen: unknown) => (typeof fen === 'number' ? `${formatYuan(fen)} 元` : '以社保经办机构核定为准');

export function renderNotice(death: DeathView): NextOfKinNotice {
  const hukouDays = Number(settingOn('notice.hukouDays', death.deathDate).value);
  const ashesDays = Number(settingOn('notice.ashesDays', death.deathDate).value);
  const cap = Number(settingOn('subsidy.basicCapFen', death.deathDate).value);
  const sea = Number(settingOn('subsidy.seaFamilyFen', death.deathDate).value) + Number(settingOn('subsidy.seaTransportFen', death.deathDate).value);
  const lines = [
    { label: '户籍注销', text: `请于 ${addDays(death.deathDate, hukouDays)} 前（死亡后 ${hukouDays} 日内）持户口簿、逝者身份证和死亡证明到户籍所在地派出所注销户口，派出所出具殡葬证并收回身份证。` },
    { label: '骨灰领取', text: `告别仪式后 ${ashesDays} 日内凭领灰证明领取骨灰，或办理骨灰寄存（最长 1 年）。` },
    {
      label: '基本殡葬服务补贴',
      text: `本市户籍的低保、特困、因病支出型贫困、重点优抚、定期定量补助对象或未享受社保丧葬费补贴的逝者，在本市火化的，遗体接运、冷藏（5 天内）、平板炉火化、骨灰寄存（1 年内）四项费用按实补贴，最高 ${formatYuan(cap)} 元；向户籍地社区事务受理服务中心申请。`,
    },
    { label: '海葬补贴', text: `本市户籍逝者海葬的，补贴 ${formatYuan(sea)} 元（含家属交通、船票和保险，最多 6 人），仪式后打卡发放。` },
    { label: '丧葬补助金', text: amountOrAgency(settingOn('grant.funeralFen', death.deathDate).value) },
    { label: '一次性抚恤金', text: amountOrAgency(settingOn('grant.survivorFen', death.deathDate).value) },
  ];
  if (death.recoverFen > 0) {
    const detail = death.checklist
      .filter((i) => i.recoverFen > 0)
      .map((i) => i.answer)
      .join('；');
    lines.push({ label: '应退回款项', text: `死亡后已发放的民政待遇共 ${formatYuan(death.recoverFen)} 元应予退回：${detail}。` });
  }
  const title = `${death.name}身故事项告知书`;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>body{font-family:'Noto Sans SC',sans-serif;line-height:1.8}h1{text-align:center;font-size:20px}dt{font-weight:bold;margin-top:8px}</style></head><body><h1>${esc(title)}</h1><p>${esc(death.name)}（死亡日期 ${esc(death.deathDate)}）的丧事承办人：</p><dl>${lines.map((l) => `<dt>${esc(l.label)}</dt><dd>${esc(l.text)}</dd>`).join('')}</dl><p>如有疑问请拨打殡葬服务热线 962840。</p></body></html>`;
  return { deathId: death.id, title, lines, html };
}

export async function nextOfKinNotice(deps: FuneralDeps, actor: Actor, deathId: number): Promise<NextOfKinNotice> {
  return renderNotice(await getDeath(deps, actor, deathId));
}

export async function nextOfKinNoticePdf(deps: FuneralDeps, actor: Actor, deathId: number): Promise<Buffer> {
  return htmlToPdf((await nextOfKinNotice(deps, actor, deathId)).html);
}
