import { copyValue } from '../../db/index.js';
import { makeIdNumber, maskIdNumber } from '../../kernel/index.js';
import { isoDate } from './calendar.js';
import { householdFacts } from './facts.js';
import type { HouseholdModel } from './households.js';
import { ADDRESS_CODES } from './identity.js';
import { Rng } from './random.js';

/** First ids of the ranges reserved from the tables' sequences. */
export interface IdBases {
  person: number;
  household: number;
  fact: number;
}

export const PERSON_COPY =
  'copy registry.persons (id, id_number_hash, id_number_enc, id_number_masked, name, sex, birth_date, hukou_division, residence_division, death_date, disability_grade, disability_category, labour_capacity) from stdin';
export const HOUSEHOLD_COPY = 'copy registry.households (id, division_code, address) from stdin';
export const MEMBER_COPY = 'copy registry.household_members (household_id, person_id, relation, since, until) from stdin';
export const FACT_COPY = 'copy registry.facts (id, subject_type, subject_id, kind, amount_fen, attributes, valid_from, valid_to, source, batch_id) from stdin';

export type Render = (h: HouseholdModel) => string;

const nullable = (day: number) => (day < 0 ? '\\N' : isoDate(day));

/** Person rows with the plain ID number where hash and ciphertext go: `sealChunk` fills those in. */
export function renderPersons(bases: IdBases): Render {
  return (h) => {
    let lines = '';
    for (const p of h.members) {
      const birth = isoDate(p.birthDay);
      const idNumber = makeIdNumber(ADDRESS_CODES[p.addressCode], birth, p.sequence);
      lines +=
        `${bases.person + p.index}\t${idNumber}\t${maskIdNumber(idNumber)}\t${copyValue(p.name)}\t${p.sex}\t${birth}\t${p.hukouDivision}\t${h.committee.code}\t` +
        `${nullable(p.deathDay)}\t${p.disabilityGrade === 0 ? '\\N' : p.disabilityGrade}\t${p.disabilityCategory === '' ? '\\N' : p.disabilityCategory}\t${p.labour}\n`;
    }
    return lines;
  };
}

export function renderHouseholds(bases: IdBases): Render {
  return (h) => `${bases.household + h.index}\t${h.committee.code}\t${copyValue(address(h))}\n`;
}

export function renderMembers(bases: IdBases): Render {
  return (h) => {
    let lines = '';
    const household = bases.household + h.index;
    for (const p of h.members) lines += `${household}\t${bases.person + p.index}\t${p.relation}\t${isoDate(p.since)}\t${nullable(p.deathDay)}\n`;
    return lines;
  };
}

/** Facts lines; `counter.facts` ends as the number written (the next free offset from bases.fact). */
export function renderFacts(bases: IdBases, today: number, batchId: string, counter: { facts: number }): Render {
  const tail = `\tdemo\t${copyValue(batchId)}\n`;
  return (h) => {
    let lines = '';
    householdFacts(h, today, (p, kind, amount, attributes, validFrom) => {
      lines += `${bases.fact + counter.facts++}\tperson\t${bases.person + p.index}\t${kind}\t${amount ?? '\\N'}\t${attributes ?? '\\N'}\t${isoDate(validFrom)}\t\\N${tail}`;
    });
    return lines;
  };
}

/** 潍坊路123弄4号502室 in a residents' committee, 东华村3组17号 in a village. */
function address(h: HouseholdModel): string {
  const rng = new Rng(h.detailSeed, 3);
  const base = h.committee.addressBase;
  const room = `${rng.between(1, 18)}0${rng.between(1, 6)}室`;
  if (h.committee.kind === '村委会') return `${base}${rng.between(1, 12)}组${rng.between(1, 120)}号`;
  if (base.endsWith('路')) return `${base}${rng.between(1, 1500)}弄${rng.between(1, 60)}号${room}`;
  return `${base}${rng.between(1, 80)}号${room}`;
}
