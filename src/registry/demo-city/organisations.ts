import { copyValue } from '../../db/index.js';
import { makeCreditCode } from '../../kernel/index.js';
import { SHANGHAI_DISTRICTS } from '../shanghai-divisions.js';
import { isoDate } from './calendar.js';
import { pickStems } from './names.js';
import { largestRemainder, type CityPlan } from './plan.js';
import { Rng, Weighted } from './random.js';

export const ORGANISATION_COPY = 'copy registry.organisations (id, credit_code, name, kind, division_code, registered_on) from stdin';

/** GB 32100 registration authority + type: 51 社会团体, 52 民办非企业单位, 53 基金会 (民政), 91 企业 (市场监管). */
const TYPES = new Weighted(
  [
    { prefix: '91', body: 'MA', kind: '企业', names: ['物业管理有限公司', '家政服务有限公司', '养老服务有限公司', '医药有限公司', '餐饮管理有限公司', '科技有限公司', '物流有限公司', '商贸有限公司'] },
    { prefix: '51', body: 'MJ', kind: '社会团体', names: ['志愿者协会', '慈善协会', '老年协会', '社区文化促进会', '睦邻互助会'] },
    { prefix: '52', body: 'MJ', kind: '民办非企业单位', names: ['养老院', '社区服务中心', '日间照料中心', '社会工作服务社', '康复中心', '助老服务社'] },
    { prefix: '53', body: 'MJ', kind: '基金会', names: ['公益基金会', '慈善基金会', '教育发展基金会'] },
  ],
  [60, 15, 22, 3],
);

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const BODY_SPACE = 31 ** 6;
// Multiplying by a number coprime to 31 permutes 0..31^6-1, so every organisation gets a distinct code body.
const STRIDE = 387_420_489;

function body(index: number, offset: number): string {
  let v = (index * STRIDE + offset) % BODY_SPACE;
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = CHARSET[v % 31] + out;
    v = Math.floor(v / 31);
  }
  return out;
}

const districtName = new Map(SHANGHAI_DISTRICTS.map((d) => [d.code.slice(0, 6), d.name]));

/** About one organisation per thousand residents, spread over the streets by population. */
export function organisationCount(persons: number): number {
  return Math.max(1, Math.round(persons / 1000));
}

export function* organisationLines(plan: CityPlan, seed: number, persons: number, today: number, baseId: number): Generator<string> {
  const rng = new Rng(seed, 0x0f6a);
  const offset = rng.int(BODY_SPACE);
  const quotas = largestRemainder(
    organisationCount(persons),
    plan.streets.map((s) => s.persons + 1),
  );
  let index = 0;
  let buffer = '';
  for (const street of plan.streets) {
    for (let k = 0; k < quotas[street.index]; k++, index++) {
      const type = TYPES.pick(rng);
      const district = street.code.slice(0, 6);
      // Foundations are registered by the city bureau only (基金会管理条例 Art. 6): positions 3–8 carry 310000.
      const registrar = type.prefix === '53' ? '310000' : district;
      const code = makeCreditCode(`${type.prefix}${registrar}${type.body}${body(index, offset)}`);
      const stem = pickStems(rng, 1)[0];
      const name = type.kind === '企业' || type.kind === '基金会' ? `上海${stem}${rng.pick(type.names)}` : `${districtName.get(district)}${street.name}${stem}${rng.pick(type.names)}`;
      const registered = isoDate(today - 1 - rng.int(25 * 365));
      buffer += `${baseId + index}\t${code}\t${copyValue(name)}\t${type.kind}\t${street.code}\t${registered}\n`;
    }
    if (buffer.length >= 1 << 16) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer.length > 0) yield buffer;
}
