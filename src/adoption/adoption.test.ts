/**
 * Adoption registration against a database: the case, the assessment, the 公告, registration with the 8-year-old's consent,
 * the certificate, the registry's parent links (sealed: a street caseworker's view of the child shows nothing), another
 * office's 403, and a dissolution restoring the birth links only where 第1117条 says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announce, recordConclusion, recordFinding, recordVisit } from './assessment.js';
import { checkApplicants, getCase, openCase } from './cases.js';
import { dissolveAdoption } from './dissolution.js';
import { adoptionFigures } from './figures.js';
import { registerAdoption } from './registration.js';
import { linkedParents, listFactsForTest, openAdoptionWorld, type AdoptionWorld } from './testing.js';

let w: AdoptionWorld;
beforeAll(async () => {
  w = await openAdoptionWorld('2025-01-01');
});
afterAll(async () => w?.close());

const assess = async (caseId: number) => {
  await recordVisit(w.adoption, w.users.pudong, caseId, { assessor: '周评估', place: '收养人住所', notes: '居住面积 90 平方米，已布置儿童房' });
  await recordFinding(w.adoption, w.users.pudong, caseId, { assessor: '周评估', topic: 'ability', text: '夫妻双方有稳定收入' });
  return recordConclusion(w.adoption, w.users.pudong, caseId, { assessor: '周评估', ability: true, health: true, record: true, summary: '适合收养' });
};
const countRows = async (table: 'adoption.certificates' | 'adoption.adoptions') =>
  Number(
    (
      (await w.t.db.kysely
        .withTables<never>()
        .selectFrom(table as never)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()) as { n: string | number }
    ).n,
  );

describe('a foundling from the welfare institution: the 60-day 公告', () => {
  it('refuses registration on the 60th day of the 公告 and registers the day after, with a certificate number', async () => {
    w.clock.set('2025-01-01');
    const opened = await openCase(w.adoption, w.users.pudong, w.applicants());
    expect(opened).toMatchObject({ state: 'assessing', officeName: '浦东新区婚姻登记处' });
    await assess(opened.id);
    const announced = await announce(w.adoption, w.users.pudong, opened.id, { medium: '《解放日报》', text: '寻找小花的生父母' });
    expect(announced).toMatchObject({ state: 'announcing', announcement: { lastDay: '2025-03-02', registrableFrom: '2025-03-03' } });
    w.clock.set('2025-03-02');
    const before = await countRows('adoption.certificates');
    await expect(registerAdoption(w.adoption, w.users.pudong, opened.id, { adoptersPresent: [true, true], childConsent: null, senderConsent: true })).rejects.toMatchObject({
      status: 409,
      code: 'ADOPTION_ANNOUNCEMENT_RUNNING',
      message: expect.stringContaining('2025-03-03 起方可登记'),
    });
    expect(await countRows('adoption.certificates')).toBe(before);
    w.clock.set('2025-03-03');
    const done = await registerAdoption(w.adoption, w.users.pudong, opened.id, { adoptersPresent: [true, true], childConsent: null, senderConsent: true, requestKey: 'reg-foundling-1' });
    expect(done.state).toBe('registered');
    expect(done.adoption?.certificateNumber).toMatch(/^SY310115-2025-\d{6}$/);
    // A retry with the same key changes nothing.
    const again = await registerAdoption(w.adoption, w.users.pudong, opened.id, { adoptersPresent: [true, true], childConsent: null, senderConsent: true, requestKey: 'reg-foundling-1' });
    expect(again.certificates).toHaveLength(1);
  });
});

describe('a child of 8 placed by birth parents in difficulty', () => {
  it('needs the child’s consent (第1104条), changes the sealed parent links, hides them from the street and restores them on dissolution', async () => {
    w.clock.set('2025-05-01');
    const child = await w.person('M', '2016-09-01', '刘小军');
    const father = await w.person('M', '1985-02-02', '刘大军');
    const mother = await w.person('F', '1987-03-03', '孙红');
    await w.link(child, father, 'father', '2016-09-01');
    await w.link(child, mother, 'mother', '2016-09-01');
    const adopter = await w.person('M', '1975-04-04', '郑叔');
    const wife = await w.person('F', '1978-05-05', '钱姨');
    const c = await openCase(
      w.adoption,
      w.users.pudong,
      w.applicants({
        child: { idNumber: child.idNumber, name: child.name, kind: 'parents_difficulty', disabled: false, inWelfareInstitution: false },
        adopters: [
          { idNumber: adopter.idNumber, name: adopter.name },
          { idNumber: wife.idNumber, name: wife.name },
        ],
        sender: { kind: 'birth_parents', name: '刘大军、孙红' },
      }),
    );
    await assess(c.id);
    // 8 周岁 on 2025-05-01 (born 2016-09-01): his consent is asked.
    await expect(registerAdoption(w.adoption, w.users.pudong, c.id, { adoptersPresent: [true, true], childConsent: null, senderConsent: true })).rejects.toMatchObject({ code: 'ADOPTION_CHILD_CONSENT' });
    await expect(registerAdoption(w.adoption, w.users.pudong, c.id, { adoptersPresent: [true, false], childConsent: true, senderConsent: true })).rejects.toMatchObject({ code: 'ADOPTION_NOT_PRESENT' });
    const done = await registerAdoption(w.adoption, w.users.pudong, c.id, { adoptersPresent: [true, true], childConsent: true, senderConsent: true });
    expect(done.state).toBe('registered');
    expect(await linkedParents(w, child.id)).toEqual({ fatherId: adopter.id, motherId: wife.id });
    // The street caseworker's view of the child: no parent link at all, neither the ended birth links nor the new ones.
    const facts = await listFactsForTest(w, child.id);
    expect(facts.filter((f) => f.kind === 'parent_link')).toEqual([]);
    // Another office: a plain 403; the street caseworker may not read adoption records at all.
    await expect(getCase(w.adoption, w.users.xuhui, c.id)).rejects.toMatchObject({ status: 403, code: 'ADOPTION_OTHER_OFFICE' });
    await expect(getCase(w.adoption, w.users.caseworker, c.id)).rejects.toMatchObject({ status: 403 });
    expect((await getCase(w.adoption, w.users.auditor, c.id)).state).toBe('registered');

    // Dissolved by agreement while the child is a minor: the birth parents' links return (第1117条).
    w.clock.set('2026-06-01');
    await expect(dissolveAdoption(w.adoption, w.users.pudong, c.id, { by: 'agreement', adoptersAgree: true, senderAgrees: true, adopteeAgrees: false })).rejects.toMatchObject({ code: 'ADOPTION_DISSOLUTION_CONSENT' });
    const dissolved = await dissolveAdoption(w.adoption, w.users.pudong, c.id, { by: 'agreement', adoptersAgree: true, senderAgrees: true, adopteeAgrees: true });
    expect(dissolved).toMatchObject({ state: 'dissolved', adoption: { dissolvedBy: 'agreement', birthLinksRestored: true } });
    expect(dissolved.certificates.map((x) => x.number)).toContainEqual(expect.stringMatching(/^JC310115-2026-\d{6}$/));
    expect(await linkedParents(w, child.id)).toEqual({ fatherId: father.id, motherId: mother.id });
    expect((await listFactsForTest(w, child.id)).filter((f) => f.kind === 'parent_link')).toEqual([]);
  });

  it('an adult adoptee dissolving by court judgement without agreement keeps no parent link', async () => {
    w.clock.set('2025-06-01');
    const child = await w.person('F', '2008-01-10', '吴小雅');
    const mother = await w.person('F', '1980-01-01', '吴芳');
    await w.link(child, mother, 'mother', '2008-01-10');
    const adopter = await w.person('F', '1970-06-06', '冯女士');
    const c = await openCase(
      w.adoption,
      w.users.pudong,
      w.applicants({
        child: { idNumber: child.idNumber, name: child.name, kind: 'parents_difficulty', disabled: false, inWelfareInstitution: false },
        adopters: [{ idNumber: adopter.idNumber, name: adopter.name }],
        sender: { kind: 'birth_parents', name: '吴芳' },
      }),
    );
    await assess(c.id);
    await registerAdoption(w.adoption, w.users.pudong, c.id, { adoptersPresent: [true], childConsent: true, senderConsent: true });
    expect(await linkedParents(w, child.id)).toEqual({ fatherId: null, motherId: adopter.id });
    w.clock.set('2027-03-01');
    const dissolved = await dissolveAdoption(w.adoption, w.users.pudong, c.id, { by: 'court', court: '上海市浦东新区人民法院', caseNumber: '(2027)沪0115民初1号' });
    expect(dissolved.adoption).toMatchObject({ dissolvedBy: 'court', birthLinksRestored: false });
    expect(await linkedParents(w, child.id)).toEqual({ fatherId: null, motherId: null });
  });
});

describe('受理 and figures', () => {
  it('refuses an adopter of 29 with the article, accepts at 30, and changes nothing on the refusal', async () => {
    w.clock.set('2025-07-01');
    const young = w.applicants({
      adopters: [{ idNumber: w.id('F', '1995-07-02'), name: '李娟' }],
      child: { idNumber: w.id('F', '2021-01-01'), name: '小兰', kind: 'parents_difficulty', disabled: false, inWelfareInstitution: false },
      sender: { kind: 'birth_parents', name: '生父母' },
    });
    const checks = await checkApplicants(w.adoption, w.users.pudong, young);
    expect(checks.find((r) => r.check === 'adopter_age')).toMatchObject({ outcome: 'fail', message: '收养人李娟 29 周岁，未满 30 周岁' });
    await expect(openCase(w.adoption, w.users.pudong, young)).rejects.toMatchObject({ status: 409, code: 'ADOPTION_NOT_ELIGIBLE', message: expect.stringContaining('第1098条第（五）项') });
    const ok = await openCase(w.adoption, w.users.pudong, { ...young, adopters: [{ idNumber: w.id('F', '1995-07-01'), name: '李娟' }] });
    expect(ok.state).toBe('assessing');
    await expect(openCase(w.adoption, w.users.pudong, { ...young, adopters: [{ idNumber: '310115199507011234', name: '李娟' }] })).rejects.toMatchObject({ status: 400, code: 'ADOPTION_INVALID_ID_NUMBER' });
  });

  it('counts adoptions by year and kind; a leader sees small counts hidden', async () => {
    const office = await adoptionFigures(w.adoption, w.users.pudong, { fromYear: 2025, toYear: 2025 });
    const y = office.rows[0];
    expect(y.byKind.find((k) => k.kind === 'parents_unknown')?.adoptions).toBe(1);
    expect(y.byKind.find((k) => k.kind === 'parents_difficulty')?.adoptions).toBe(2);
    expect(y.adoptions).toBe(3);
    const hidden = await adoptionFigures(w.adoption, { ...w.users.district, role: 'leader' }, { fromYear: 2025, toYear: 2025 });
    expect(hidden.rows[0].adoptions).toBe('<5');
    const later = await adoptionFigures(w.adoption, w.users.pudong, { fromYear: 2026, toYear: 2027 });
    expect(later.rows.map((r) => [r.year, r.dissolvedByAgreement, r.dissolvedByCourt])).toEqual([
      [2026, 1, 0],
      [2027, 0, 1],
    ]);
  });
});
