/**
 * Demo data: a year of registrations at the 16 offices (about one couple per office and working day), a batch of
 * 1990s records imported (some with 15-digit numbers, some without any), divorce applications at 浦东 in every
 * state: in the cooling-off, awaiting registration, withdrawn, registered, deemed withdrawn — and 浦东's bookings
 * for today and the next working days (the registrar's day list is not empty on the first visit).
 */
import type { Insertable } from 'kysely';
import type { Actor } from '../access/index.js';
import type { AppContext } from '../context.js';
import { addDays, holidayOn, makeIdNumber, maskIdNumber, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { rng } from '../policy/index.js';
import { formatNumber } from './certificates.js';
import { marriageDeps, tables, type Clock } from './deps.js';
import { book, closeBooking } from './booking.js';
import { applyForDivorce, lapseApplications, registerDivorce, withdrawDivorce } from './divorce.js';
import { importBatch } from './imports.js';
import type { MarriageTables } from './model.js';
import { loadSettings } from './settings.js';

export interface MarriageDemoSummary {
  marriages: number;
  imported: number;
  divorces: number;
  bookings: number;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '朱', '马', '胡', '郭', '林', '何', '高', '沈'];
const MEN = ['伟', '强', '磊', '洋', '勇', '军', '杰', '涛', '斌', '浩', '宇', '俊', '晨', '昊', '子豪'];
const WOMEN = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '婷', '雪', '琳', '欣怡', '梓涵', '佳怡', '雨桐'];

/** The demo registrar of 浦东 (see src/demo/users.ts); the services audit the demo's work under this actor. */
export const DEMO_REGISTRAR: Actor = { userId: 0, username: 'hunyin', displayName: '浦东新区婚姻登记处（演示数据）', role: 'marriage_registrar', jurisdiction: '310115000000' };

const fixedClock = (day: IsoDate): Clock => ({ now: () => new Date(`${day}T02:00:00Z`) });

export async function loadMarriageDemo(ctx: AppContext, seed = 1, now: IsoDate = todayInShanghai()): Promise<MarriageDemoSummary> {
  const random = rng(seed + 11);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const deps = marriageDeps(ctx);
  const db = tables(deps);
  const offices = await db.selectFrom('marriage.offices').selectAll().orderBy('id').execute();
  const settings = await loadSettings(db, now);
  let sequence = 0;
  // Built in memory and written in a few bulk statements: the serials are assigned in order per office and year,
  // and the counters set to the last one, as the issuing transaction would have left them.
  type Row = Insertable<MarriageTables['marriage.marriages']> & { office_id: number; registered_on: IsoDate };
  const rows: Row[] = [];
  for (let back = 365; back >= 1; back--) {
    const day = addDays(now, -back);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || holidayOn(day)) continue;
    for (const office of offices) {
      const couples = random() < 0.3 ? 1 : random() < 0.06 ? 2 : 0;
      for (let c = 0; c < couples; c++) {
        const hBirth = addDays(day, -Math.floor((23 + random() * 14) * 365.25));
        const wBirth = addDays(day, -Math.floor((21 + random() * 12) * 365.25));
        const hId = makeIdNumber(pick(['310115', '310104', '320102', '330106', '340104']), hBirth, ((++sequence % 499) * 2 + 1) % 1000);
        const wId = makeIdNumber(pick(['310115', '310110', '320583', '420102', '510104']), wBirth, ((++sequence % 499) * 2) % 1000);
        rows.push({
          office_id: office.id,
          service: random() < 0.03 ? 'remarriage' : 'marriage',
          registered_on: day,
          provenance: 'native',
          quality: 'complete',
          husband_hash: deps.vault.hash(hId),
          husband_enc: deps.vault.encrypt(hId),
          husband_masked: maskIdNumber(hId),
          husband_name: pick(SURNAMES) + pick(MEN),
          husband_birth: hBirth,
          husband_person_id: null,
          husband_hukou_sh: hId.startsWith('31') ? random() < 0.85 : false,
          wife_hash: deps.vault.hash(wId),
          wife_enc: deps.vault.encrypt(wId),
          wife_masked: maskIdNumber(wId),
          wife_name: pick(SURNAMES) + pick(WOMEN),
          wife_birth: wBirth,
          wife_person_id: null,
          wife_hukou_sh: wId.startsWith('31') ? random() < 0.85 : false,
          first_marriage_husband: random() < 0.9,
          first_marriage_wife: random() < 0.9,
          ended_on: null,
          end_reason: null,
          batch_id: null,
          batch_row: null,
          source_ref: null,
          annotation: null,
        });
      }
    }
  }
  const code6 = new Map(offices.map((o) => [o.id, o.code6]));
  const counters = new Map<string, number>();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      const ids = await trx.insertInto('marriage.marriages').values(chunk).returning('id').execute();
      const certificates = chunk.map((r, j) => {
        const year = Number(r.registered_on.slice(0, 4));
        const key = `${r.office_id}:${year}`;
        const serial = (counters.get(key) ?? 0) + 1;
        counters.set(key, serial);
        return {
          number: formatNumber(settings.certificateFormat, 'J', code6.get(r.office_id) as string, year, serial),
          kind: 'J' as const,
          office_id: r.office_id,
          year,
          serial,
          marriage_id: ids[j].id,
          application_id: null,
          issued_on: r.registered_on,
          superseded_by: null,
          request_key: null,
        };
      });
      await trx.insertInto('marriage.certificates').values(certificates).execute();
    }
    for (const [key, last] of counters) {
      const [officeId, year] = key.split(':').map(Number);
      await trx.insertInto('marriage.certificate_counters').values({ office_id: officeId, kind: 'J', year, last_serial: last }).execute();
    }
  });
  const marriages = rows.length;
  const pudong = (await db.selectFrom('marriage.marriages').select('id').where('office_id', '=', 11).where('provenance', '=', 'native').orderBy('id').execute()).map((r) => r.id);

  // 1990s records: 补录 with 15-digit numbers, some without any ID number (1950–1990 records often lack them).
  const lines: string[] = [];
  for (let i = 0; i < 120; i++) {
    const year = 1990 + (i % 12);
    const hBirth = `${year - 26}-0${1 + (i % 9)}-1${i % 10}`;
    const wBirth = `${year - 24}-0${1 + ((i + 3) % 9)}-2${i % 8}`;
    const old = (birth: string, seq: number) => `310104${birth.slice(2, 4)}${birth.slice(5, 7)}${birth.slice(8, 10)}${String(seq).padStart(3, '0')}`;
    const noId = i % 5 === 0;
    lines.push(
      JSON.stringify({
        husbandName: pick(SURNAMES) + pick(MEN),
        husbandIdNumber: noId ? '' : old(hBirth, (i * 2 + 1) % 1000),
        husbandBirthDate: hBirth,
        wifeName: pick(SURNAMES) + pick(WOMEN),
        wifeIdNumber: noId ? '' : old(wBirth, (i * 2) % 1000),
        wifeBirthDate: wBirth,
        registeredOn: `${year}-0${1 + (i % 9)}-15`,
        officeCode: '310104',
        certificateNumber: `沪徐婚字${year}第${String(100 + i)}号`,
        ...(i % 4 === 0 ? { endedOn: `${year + 8}-06-01`, endReason: 'divorce' } : {}),
      }),
    );
  }
  const imported = await importBatch(
    deps,
    { ...DEMO_REGISTRAR, role: 'city_admin', jurisdiction: '310000000000' },
    { batchId: 'demo-xuhui-1990s', source: '徐汇区婚姻登记档案补录', provenance: 'backfilled', format: 'ndjson', content: lines.join('\n') },
  );

  // Divorces at 浦东, each acted on the day it happened.
  let divorces = 0;
  const agreement = { children: '无子女', property: '各自名下财产归各自所有', debts: '无共同债务' };
  const full = { husband: 'full', wife: 'full' } as const;
  const plan = [
    { received: 10, next: null },
    { received: 20, next: null },
    { received: 40, next: null },
    { received: 45, next: null },
    { received: 50, next: { after: 33, act: 'register' } },
    { received: 70, next: { after: 35, act: 'register' } },
    { received: 25, next: { after: 5, act: 'withdraw' } },
    { received: 90, next: { after: 12, act: 'withdraw' } },
    { received: 120, next: null },
  ] as const;
  for (const [i, p] of plan.entries()) {
    const marriageId = pudong[i * 7];
    if (marriageId === undefined) break;
    const received = addDays(now, -p.received);
    const at = marriageDeps(ctx, fixedClock(received));
    const view = await applyForDivorce(at, DEMO_REGISTRAR, { marriageId, bothPresent: true, agreement, capacity: full });
    divorces++;
    if (p.next) {
      const later = marriageDeps(ctx, fixedClock(addDays(received, p.next.after)));
      if (p.next.act === 'register') await registerDivorce(later, DEMO_REGISTRAR, view.id, { bothPresent: true, consentConfirmed: true });
      else await withdrawDivorce(later, DEMO_REGISTRAR, view.id, { party: 'wife' });
    }
  }
  await lapseApplications(marriageDeps(ctx, fixedClock(now)));

  // 浦东's bookings, made online a few days before: today and the next working days, 3 to 5 couples a day at
  // 09:00, 10:30 and 13:30 (15:00 left free), one divorce appointment a day, one cancelled. Parties from outside
  // Shanghai (全国通办), so no demo resident's own booking is in the way.
  let bookings = 0;
  let n = 0;
  const person = (sex: 'M' | 'F', birth: IsoDate) => makeIdNumber(sex === 'M' ? '320106' : '330102', birth, ((++n % 499) * 2 + (sex === 'M' ? 1 : 0)) % 1000);
  for (let ahead = 0, days = 0; days < 5 && ahead < 14; ahead++) {
    const day = addDays(now, ahead);
    if (new Date(`${day}T00:00:00Z`).getUTCDay() === 0 || holidayOn(day)) continue;
    days++;
    const at = marriageDeps(ctx, fixedClock(addDays(now, -3)));
    const couples = 3 + Math.floor(random() * 3);
    for (let c = 0; c <= couples; c++) {
      const divorce = c === couples;
      const a = person('M', addDays(day, -Math.floor((24 + random() * 12) * 365.25)));
      const b = person('F', addDays(day, -Math.floor((22 + random() * 10) * 365.25)));
      const made = await book(at, DEMO_REGISTRAR, {
        officeId: 11,
        day,
        slot: divorce ? '10:30' : (['09:00', '10:30', '13:30'] as const)[c % 3],
        service: divorce ? 'divorce' : 'marriage',
        channel: 'online',
        partyA: { idNumber: a, name: pick(SURNAMES) + pick(MEN) },
        partyB: { idNumber: b, name: pick(SURNAMES) + pick(WOMEN) },
      });
      bookings++;
      if (days === 2 && c === 0) await closeBooking(at, DEMO_REGISTRAR, made.id, 'cancelled');
    }
  }
  return { marriages, imported: imported.accepted, divorces, bookings };
}
