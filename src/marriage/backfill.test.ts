/**
 * Court judgements imported as a batch (by certificate number or both ID numbers; replay a no-op; bad rows by row),
 * and 常态化补证: an ID-less historical record completed with the parties' ID numbers (name and birth date must
 * agree), found by the bigamy check from then on, and given a certificate and e-licence data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../kernel/index.js';
import { completeRecord, issueForRecord } from './backfill.js';
import { eLicence, verifyELicence } from './certificates.js';
import { importBatch } from './imports.js';
import { importJudgements } from './judgement-import.js';
import type { MarriageTables } from './model.js';
import { getMarriage } from './records.js';
import { registerMarriage } from './registration.js';
import { openMarriageWorld, type MarriageWorld } from './testing.js';

let w: MarriageWorld;
beforeAll(async () => {
  w = await openMarriageWorld();
}, 120_000);
afterAll(async () => {
  await w?.close();
});

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};
const m = () => w.deps.db.kysely.withTables<MarriageTables>();

describe('court judgements imported as a batch', () => {
  it('applies a divorce by certificate number and a void by both ID numbers, reports bad rows, and a replay changes nothing', async () => {
    const a = await registerMarriage(w.deps, w.users.pudong, w.couple());
    const coupleB = w.couple();
    const b = await registerMarriage(w.deps, w.users.pudong, coupleB);
    w.clock.set('2025-07-20');
    const content = [
      { caseNumber: '(2025)沪0115民初101号', kind: 'divorce', effectiveOn: '2025-07-10', certificateNumber: a.certificateNumber },
      { caseNumber: '(2025)沪0115民初102号', kind: 'void', effectiveOn: '2025-07-11', husbandIdNumber: coupleB.husband.idNumber, wifeIdNumber: coupleB.wife.idNumber },
      { caseNumber: '(2025)沪0115民初103号', kind: 'divorce', effectiveOn: '2025-07-11', certificateNumber: 'J310115-1999-999999' },
      { caseNumber: '(2025)沪0115民初104号', kind: 'separation', effectiveOn: '2025-07-11', certificateNumber: a.certificateNumber },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const report = await importJudgements(w.deps, w.users.admin, { batchId: 'court-2025-07', court: '上海市浦东新区人民法院', format: 'ndjson', content });
    expect(report).toMatchObject({ replayed: false, rows: 4, accepted: 2, rejected: 2 });
    expect(report.errors).toEqual([
      { row: 3, code: 'MARRIAGE_UNKNOWN_MARRIAGE', message: '证书字号 J310115-1999-999999 不存在' },
      { row: 4, code: 'MARRIAGE_JUDGEMENT_KIND', message: '判决类型须为 divorce（离婚）、void（无效）或 annulment（撤销）' },
    ]);
    expect(await getMarriage(w.deps, w.users.pudong, a.marriageId)).toMatchObject({ endedOn: '2025-07-10', endReason: 'court_divorce', annotation: '法院判决（调解）离婚（上海市浦东新区人民法院 (2025)沪0115民初101号，2025-07-10 生效）' });
    // 1054: void from the start, its certificate void.
    const voided = await getMarriage(w.deps, w.users.pudong, b.marriageId);
    expect(voided).toMatchObject({ endReason: 'void', endedOn: voided.registeredOn });
    expect(voided.certificates[0].status).toBe('void');
    const judgements = await m().selectFrom('marriage.judgements').select('case_number').execute();
    const again = await importJudgements(w.deps, w.users.admin, { batchId: 'court-2025-07', court: '上海市浦东新区人民法院', format: 'ndjson', content });
    expect(again).toMatchObject({ replayed: true, accepted: 2, rejected: 2 });
    // The same case numbers in a new batch: each answers its first entry, nothing is entered twice.
    const resent = await importJudgements(w.deps, w.users.admin, { batchId: 'court-2025-07-resent', court: '上海市浦东新区人民法院', format: 'ndjson', content: content.split('\n').slice(0, 2).join('\n') });
    expect(resent).toMatchObject({ accepted: 2, rejected: 0 });
    expect(await m().selectFrom('marriage.judgements').select('case_number').execute()).toHaveLength(judgements.length);
    w.clock.set('2025-07-01');
    expect(await codeOf(importJudgements(w.deps, w.users.caseworker, { batchId: 'x', court: '法院', format: 'ndjson', content: '' }))).toBe('ACCESS_PERMISSION_DENIED');
  });
});

describe('常态化补证 (an old record completed with ID numbers)', () => {
  it('completes an ID-less record when name and birth date agree, then the bigamy check finds it and it gets a certificate and e-licence', async () => {
    await importBatch(w.deps, w.users.admin, {
      batchId: 'paper-1988',
      source: '浦东档案馆',
      provenance: 'backfilled',
      format: 'ndjson',
      content: JSON.stringify({ husbandName: '黄德明', husbandBirthDate: '1963-04-05', wifeName: '徐美华', wifeBirthDate: '1965-08-09', registeredOn: '1988-10-01', officeCode: '310115', certificateNumber: '沪浦婚字第0881号' }),
    });
    const record = await m().selectFrom('marriage.marriages').select('id').where('batch_id', '=', 'paper-1988').executeTakeFirstOrThrow();
    const id = Number(record.id);
    const husbandId = w.id('M', '1963-04-05');
    const wifeId = w.id('F', '1965-08-09');
    // Before: no ID on the record, no certificate of this system, so no e-licence.
    expect(await codeOf(issueForRecord(w.deps, w.users.pudong, id, { idNumber: husbandId, purpose: '补发结婚证' }))).toBe('MARRIAGE_ID_MISSING');
    expect(await codeOf(completeRecord(w.deps, w.users.pudong, id, { party: 'husband', idNumber: w.id('M', '1963-04-06'), evidence: '居民身份证' }))).toBe('MARRIAGE_BIRTH_MISMATCH');
    expect(await codeOf(completeRecord(w.deps, w.users.pudong, id, { party: 'wife', idNumber: husbandId, evidence: '居民身份证' }))).toBe('MARRIAGE_SEX_MISMATCH');
    expect(await codeOf(completeRecord(w.deps, w.users.xuhui, id, { party: 'husband', idNumber: husbandId, evidence: '居民身份证' }))).toBe('MARRIAGE_OTHER_OFFICE');
    expect(await completeRecord(w.deps, w.users.pudong, id, { party: 'husband', idNumber: husbandId, evidence: '居民身份证（本人到场）' })).toMatchObject({ quality: 'id_missing', conflicts: 0 });
    const done = await completeRecord(w.deps, w.users.pudong, id, { party: 'wife', idNumber: wifeId, evidence: '居民身份证（本人到场）' });
    expect(done).toMatchObject({ quality: 'complete', conflicts: 0 });
    expect(done.annotation).toContain('常态化补证：2025-07-01 补正女方身份证号码（依据：居民身份证（本人到场））');
    expect(await codeOf(completeRecord(w.deps, w.users.pudong, id, { party: 'wife', idNumber: wifeId, evidence: '居民身份证' }))).toBe('MARRIAGE_ID_PRESENT');
    // The bigamy check now finds him by his number (before, only a name-and-birth-date lead).
    expect(await codeOf(registerMarriage(w.deps, w.users.pudong, w.couple({ husband: { idNumber: husbandId, name: '黄德明' } })))).toBe('MARRIAGE_ALREADY_MARRIED');
    expect(await codeOf(issueForRecord(w.deps, w.users.pudong, id, { idNumber: w.id('M', '1970-01-01'), purpose: '补发结婚证' }))).toBe('MARRIAGE_NOT_A_PARTY');
    const issued = await issueForRecord(w.deps, w.users.pudong, id, { idNumber: wifeId, purpose: '补发结婚证', requestKey: 'paper-1988-bj-1' });
    expect(issued.number).toMatch(/^BJ310115-2025-\d{6}$/);
    expect(await issueForRecord(w.deps, w.users.pudong, id, { idNumber: wifeId, purpose: '补发结婚证', requestKey: 'paper-1988-bj-1' })).toEqual(issued);
    expect(await codeOf(issueForRecord(w.deps, w.users.pudong, id, { idNumber: wifeId, purpose: '补发结婚证' }))).toBe('MARRIAGE_CERTIFICATE_EXISTS');
    const licence = await eLicence(w.deps, issued.number);
    expect(JSON.stringify(licence)).not.toContain(wifeId);
    expect(await verifyELicence(w.deps, licence)).toEqual({ status: 'valid', supersededBy: null });
  });
});
