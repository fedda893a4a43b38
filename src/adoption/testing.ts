/**
 * Test world for adoption registration: the marriage world (registrars of 浦东 and 徐汇, an auditor, a city admin, a
 * street caseworker, a clock the test moves) with adoption's deps, registry persons made to order and their public-security
 * parent links. For tests only.
 */
import { dayClock, openMarriageWorld, type MarriageWorld } from '../marriage/testing.js';
import type { IsoDate, Sex } from '../kernel/index.js';
import { linkedParents as registryParents, listFacts, recordFactBatch, registerPerson, type RegistryTables } from '../registry/index.js';
import { newPerson } from '../registry/testing.js';
import { adoptionDeps, type AdoptionDeps } from './deps.js';
import type { ApplicantsInput } from './cases.js';

export interface TestPerson {
  id: number;
  idNumber: string;
  name: string;
}

export interface AdoptionWorld extends MarriageWorld {
  adoption: AdoptionDeps;
  person(sex: Sex, birthDate: IsoDate, name: string): Promise<TestPerson>;
  link(child: TestPerson, parent: TestPerson, role: 'father' | 'mother', from: IsoDate): Promise<void>;
  /** A couple of 35 and 33 adopting a girl of 5 from a welfare institution (parents unknown), unless overridden. */
  applicants(overrides?: Partial<ApplicantsInput>): ApplicantsInput;
}

export async function openAdoptionWorld(start: IsoDate = '2025-07-01'): Promise<AdoptionWorld> {
  const m = await openMarriageWorld(dayClock(start));
  const adoption = adoptionDeps(m.t.ctx, m.clock);
  let n = 0;
  return Object.assign(m, {
    adoption,
    async person(sex: Sex, birthDate: IsoDate, name: string) {
      const input = { ...newPerson({ sex, birthDate }), name };
      const view = await registerPerson(m.registry, m.vault, m.users.admin, input);
      return { id: view.id, idNumber: input.idNumber, name };
    },
    async link(child: TestPerson, parent: TestPerson, role: 'father' | 'mother', from: IsoDate) {
      n += 1;
      await recordFactBatch(m.registry, { batchId: `ps-link-${child.id}-${n}`, source: '公安局', facts: [{ subjectType: 'person', subjectId: child.id, kind: 'parent_link', validFrom: from, attributes: { parentId: parent.id, role } }] });
    },
    applicants(o: Partial<ApplicantsInput> = {}): ApplicantsInput {
      return {
        child: { idNumber: m.id('F', '2020-03-01'), name: '小花', kind: 'parents_unknown', disabled: false, inWelfareInstitution: true },
        adopters: [
          { idNumber: m.id('M', '1990-01-15'), name: '王强' },
          { idNumber: m.id('F', '1992-02-20'), name: '赵敏' },
        ],
        singleAdopterHasSpouse: false,
        declaredChildren: 0,
        sender: { kind: 'welfare_institution', name: '上海市儿童福利院' },
        ...o,
      };
    },
  });
}

/** The links other modules read (linkedParents), and the child's facts as the street caseworker sees them. */
export const linkedParents = (w: AdoptionWorld, childId: number) => registryParents(w.t.db.kysely.withTables<RegistryTables>(), childId);
export const listFactsForTest = (w: AdoptionWorld, personId: number) => listFacts(w.registry, w.users.caseworker, { type: 'person', id: personId });
