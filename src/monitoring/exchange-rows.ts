/**
 * What each department sends (数据交换规范): the sources, their row types and each type's fields, and the
 * check of one row against them. Money is integer fen, dates 'YYYY-MM-DD', instants ISO 8601 (Beijing
 * time when no offset is given). A person is named by `personId` (数据海 person id, when the exchange
 * platform has matched the person) or by `idNumber` (GB 11643, looked up in the registry).
 */
import { checkIdNumber, idNumberProblemMessage, isValidDate, normaliseDivisionCode, type Fen, type IsoDate } from '../kernel/index.js';
import { DISABILITY_CATEGORIES } from '../registry/index.js';
import type { RawRecord, RawValue } from './exchange-parse.js';
import type { RowError } from './model.js';

export const ROW_TYPES = [
  'wage',
  'unemployment',
  'medical_cost',
  'hospital_stay',
  'disability_certificate',
  'death',
  'moved',
  'property',
  'water_idle',
  'education_cost',
  'orphan',
  'custody',
  'custody_release',
  'declared_missing',
  'guardianship_revoked',
  'lost_contact',
  'deported',
  'parent_link',
  'serious_illness',
] as const;
export type RowType = (typeof ROW_TYPES)[number];

export const SOURCES = {
  hr: { name: '人社局', types: ['wage', 'unemployment'] },
  medical_insurance: { name: '医保局', types: ['medical_cost', 'hospital_stay'] },
  disabled_federation: { name: '残联', types: ['disability_certificate'] },
  public_security: { name: '公安局', types: ['death', 'moved', 'lost_contact', 'deported', 'parent_link'] },
  justice: { name: '司法局（监狱、戒毒所）', types: ['custody', 'custody_release'] },
  court: { name: '人民法院', types: ['declared_missing', 'guardianship_revoked'] },
  health: { name: '卫健委', types: ['serious_illness'] },
  housing: { name: '房管局', types: ['property'] },
  water: { name: '供水企业（智能水表）', types: ['water_idle'] },
  education: { name: '教委', types: ['education_cost'] },
  civil_affairs: { name: '民政局儿童福利处', types: ['orphan'] },
} as const satisfies Record<string, { name: string; types: readonly RowType[] }>;
export type Source = keyof typeof SOURCES;
export const SOURCE_IDS = Object.keys(SOURCES) as Source[];

type FieldKind = 'date' | 'instant' | 'money' | 'int' | 'text' | 'division' | 'category' | 'choice';

interface FieldSpec {
  label: string;
  kind: FieldKind;
  required?: boolean;
  /** Dates of what already happened may not lie after today. */
  past?: boolean;
  min?: number;
  max?: number;
  /** Must be on or after this other (date) field. */
  notBefore?: string;
  /** For 'choice': the codes a department may send, with their names. */
  options?: Record<string, string>;
}

interface RowTypeSpec {
  name: string;
  /** The field whose date the row happened on. */
  on: string;
  amount?: string;
  fields: Record<string, FieldSpec>;
}

const past = (label: string): FieldSpec => ({ label, kind: 'date', required: true, past: true });
const evidence = (label: string): FieldSpec => ({ label, kind: 'text', required: true });

export const ROW_SPECS: Record<RowType, RowTypeSpec> = {
  wage: {
    name: '就业与工资',
    on: 'from',
    amount: 'monthlyWageFen',
    fields: { from: past('起始日期'), to: { label: '截止日期', kind: 'date', notBefore: 'from' }, monthlyWageFen: { label: '月工资（分）', kind: 'money', required: true }, employer: { label: '用人单位', kind: 'text' } },
  },
  unemployment: {
    name: '失业登记',
    on: 'date',
    amount: 'benefitFen',
    fields: { date: past('失业日期'), benefitFen: { label: '失业保险金（分/月）', kind: 'money' }, benefitUntil: { label: '失业保险金截止日期', kind: 'date', notBefore: 'date' } },
  },
  medical_cost: { name: '医疗费用个人自付', on: 'date', amount: 'selfPaidFen', fields: { date: past('结算日期'), selfPaidFen: { label: '个人自付金额（分）', kind: 'money', required: true }, hospital: { label: '医疗机构', kind: 'text' } } },
  hospital_stay: { name: '住院', on: 'admittedOn', fields: { admittedOn: past('入院日期'), dischargedOn: { label: '出院日期', kind: 'date', past: true, notBefore: 'admittedOn' }, hospital: { label: '医疗机构', kind: 'text' } } },
  disability_certificate: {
    name: '残疾证',
    on: 'issuedOn',
    fields: { issuedOn: past('发证日期'), grade: { label: '残疾等级', kind: 'int', required: true, min: 1, max: 4 }, category: { label: '残疾类别', kind: 'category', required: true } },
  },
  death: { name: '死亡', on: 'deathDate', fields: { deathDate: past('死亡日期'), confirmationNumber: { label: '死亡确认编号', kind: 'text' } } },
  moved: { name: '户籍或居住地迁移', on: 'movedOn', fields: { movedOn: past('迁移日期'), toDivision: { label: '迁入地区划代码', kind: 'division', required: true } } },
  property: {
    name: '房产登记',
    on: 'acquiredOn',
    amount: 'valueFen',
    fields: { acquiredOn: past('登记日期'), areaSqm: { label: '建筑面积（平方米）', kind: 'int', min: 1, max: 100000 }, valueFen: { label: '评估价值（分）', kind: 'money' } },
  },
  water_idle: {
    name: '智能水表无用水',
    on: 'observedAt',
    fields: { observedAt: { label: '监测时间', kind: 'instant', required: true, past: true }, idleHours: { label: '连续无用水小时数', kind: 'int', required: true, min: 0, max: 24 * 365 }, meterId: { label: '水表编号', kind: 'text' } },
  },
  education_cost: { name: '教育费用', on: 'date', amount: 'amountFen', fields: { date: past('缴费日期'), amountFen: { label: '金额（分）', kind: 'money', required: true }, school: { label: '学校', kind: 'text' } } },
  orphan: { name: '孤儿认定', on: 'from', fields: { from: past('认定日期') } },
  // A parent's situations (children's welfare, 民发〔2019〕62号): the registry keeps them as facts with their evidence.
  custody: {
    name: '服刑在押、强制隔离戒毒',
    on: 'from',
    fields: {
      from: past('起始日期'),
      to: { label: '刑期（期限）截止日期', kind: 'date', notBefore: 'from' },
      measure: { label: '措施', kind: 'choice', required: true, options: { prison: '服刑在押', drug_rehab: '强制隔离戒毒', other: '其他限制人身自由' } },
      evidence: evidence('判决书或决定书文号'),
    },
  },
  custody_release: { name: '刑满释放、解除强制隔离戒毒', on: 'releasedOn', fields: { releasedOn: past('释放日期'), evidence: evidence('释放证明文号') } },
  declared_missing: { name: '宣告失踪', on: 'from', fields: { from: past('判决日期'), evidence: evidence('判决书文号') } },
  guardianship_revoked: { name: '撤销监护资格', on: 'from', fields: { from: past('判决日期'), evidence: evidence('判决书文号') } },
  lost_contact: { name: '失联报案', on: 'reportedOn', fields: { reportedOn: past('报案受理日期'), evidence: evidence('报案回执编号') } },
  deported: { name: '遣送（驱逐）出境', on: 'from', fields: { from: past('出境日期'), evidence: evidence('决定书文号') } },
  parent_link: {
    name: '亲子关系',
    on: 'from',
    fields: {
      from: past('登记日期'),
      parentPersonId: { label: '父（母）人员编号', kind: 'int', required: true, min: 1, max: Number.MAX_SAFE_INTEGER },
      role: { label: '关系', kind: 'choice', required: true, options: { father: '父亲', mother: '母亲' } },
    },
  },
  serious_illness: {
    name: '重病',
    on: 'from',
    fields: { from: past('诊断日期'), to: { label: '截止日期', kind: 'date', notBefore: 'from' }, disease: { label: '病种', kind: 'text' }, evidence: evidence('诊断证明（医疗机构）') },
  },
};

export interface ExchangeRow {
  row: number;
  type: RowType;
  personId: number | null;
  idNumber: string | null;
  occurredOn: IsoDate;
  amountFen: Fen | null;
  /** The row's own fields, normalised (never the ID number). */
  values: Record<string, string | number | null>;
}

/** The Shanghai calendar day of an instant (UTC+8 all year, no daylight saving): cheaper than Intl per row. */
export const shanghaiDay = (ms: number): IsoDate => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

const INSTANT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

type Checked = { value: string | number | null } | { error: string };

function checkField(spec: FieldSpec, raw: RawValue | undefined, today: IsoDate): Checked {
  if (raw === null || raw === undefined || raw === '') return spec.required ? { error: `缺少${spec.label}` } : { value: null };
  const text = String(raw).trim();
  switch (spec.kind) {
    case 'date':
      if (!isValidDate(text)) return { error: `${spec.label}不是有效日期（应为 YYYY-MM-DD）：${text}` };
      if (spec.past && text > today) return { error: `${spec.label}不能晚于今天` };
      return { value: text };
    case 'instant': {
      const m = INSTANT.exec(text);
      const ms = m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${m[5] ? (m[5] === 'Z' ? 'Z' : m[5].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : '+08:00'}`) : NaN;
      if (!m || !isValidDate(m[1]) || Number.isNaN(ms)) return { error: `${spec.label}不是有效时间（应为 ISO 8601，如 2025-03-01T08:00:00+08:00）：${text}` };
      const iso = new Date(ms).toISOString();
      if (spec.past && shanghaiDay(ms) > today) return { error: `${spec.label}不能晚于今天` };
      return { value: iso };
    }
    case 'money':
    case 'int': {
      const n = typeof raw === 'number' ? raw : /^-?\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(n)) return { error: spec.kind === 'money' ? `${spec.label}须为整数（单位：分），不能带小数点：${text}` : `${spec.label}须为整数：${text}` };
      if (n < (spec.min ?? 0) || (spec.max !== undefined && n > spec.max)) return { error: `${spec.label}须在 ${spec.min ?? 0}${spec.max !== undefined ? `–${spec.max}` : ' 以上'} 之间：${n}` };
      return { value: n };
    }
    case 'text':
      return text.length > 200 ? { error: `${spec.label}不能超过200个字符` } : { value: text };
    case 'division': {
      const code = normaliseDivisionCode(text);
      return code ? { value: code } : { error: `${spec.label}须为6、9或12位区划代码：${text}` };
    }
    case 'choice': {
      const options = spec.options ?? {};
      return text in options
        ? { value: text }
        : {
            error: `${spec.label}须为：${Object.entries(options)
              .map(([code, name]) => `${code}（${name}）`)
              .join('、')}`,
          };
    }
    case 'category':
      return (DISABILITY_CATEGORIES as readonly string[]).includes(text) ? { value: text } : { error: `${spec.label}须为：${DISABILITY_CATEGORIES.join('、')}` };
  }
}

function checkSubject(record: RawRecord, today: IsoDate, errors: (field: string, message: string) => void): { personId: number | null; idNumber: string | null } {
  const rawId = record.personId;
  const rawNumber = record.idNumber;
  if (rawId !== null && rawId !== undefined && rawId !== '') {
    const n = typeof rawId === 'number' ? rawId : /^\d+$/.test(String(rawId).trim()) ? Number(String(rawId).trim()) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) errors('personId', `人员编号须为正整数：${String(rawId)}`);
    return { personId: Number.isSafeInteger(n) && n >= 1 ? n : null, idNumber: null };
  }
  if (rawNumber !== null && rawNumber !== undefined && rawNumber !== '') {
    const parsed = checkIdNumber(String(rawNumber), today);
    if (typeof parsed === 'string') {
      errors('idNumber', `身份证号码有误：${idNumberProblemMessage[parsed]}`);
      return { personId: null, idNumber: null };
    }
    return { personId: null, idNumber: parsed.idNumber };
  }
  errors('personId', '须提供人员编号（personId）或身份证号码（idNumber）');
  return { personId: null, idNumber: null };
}

/** Checks one row; every problem of the row is reported, each with its field. */
export function checkRow(source: Source, row: number, record: RawRecord, today: IsoDate): { row: ExchangeRow } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (field: string, message: string) => errors.push({ row, field, message });
  const allowed: readonly RowType[] = SOURCES[source].types;
  const type = String(record.type ?? '').trim() as RowType;
  if (!allowed.includes(type)) {
    fail('type', record.type ? `${SOURCES[source].name}的数据类型须为：${allowed.join('、')}（收到 ${String(record.type)}）` : `缺少数据类型（type），应为：${allowed.join('、')}`);
    return { errors };
  }
  const subject = checkSubject(record, today, fail);
  const spec = ROW_SPECS[type];
  const values: Record<string, string | number | null> = {};
  for (const [name, field] of Object.entries(spec.fields)) {
    const checked = checkField(field, record[name], today);
    if ('error' in checked) fail(name, checked.error);
    else values[name] = checked.value;
  }
  for (const [name, field] of Object.entries(spec.fields)) {
    const value = values[name];
    const other = field.notBefore ? values[field.notBefore] : null;
    if (typeof value === 'string' && typeof other === 'string' && value < other) fail(name, `${field.label}不能早于${spec.fields[field.notBefore as string].label}`);
  }
  const known = new Set(['type', 'personId', 'idNumber', ...Object.keys(spec.fields)]);
  for (const key of Object.keys(record)) if (!known.has(key) && record[key] !== null) fail(key, `${spec.name}没有字段 ${key}`);
  if (errors.length) return { errors };
  const on = values[spec.on];
  const occurredOn = spec.fields[spec.on].kind === 'instant' ? shanghaiDay(Date.parse(String(on))) : String(on);
  const amount = spec.amount ? values[spec.amount] : null;
  return { row: { row, type, personId: subject.personId, idNumber: subject.idNumber, occurredOn, amountFen: typeof amount === 'number' ? amount : null, values } };
}
