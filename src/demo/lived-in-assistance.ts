import type { Actor } from '../access/index.js';
import {
  acceptCase,
  applyForAssistance,
  approveCase,
  assistanceDeps,
  emergencyRelief,
  filePaperwork,
  reviewEmergency,
  recordReview,
  recordVisit,
  rejectCase,
  recordRepayment,
  resumeCase,
  runPayments,
  suspendCase,
  startNotice,
  stopCase,
  verifyCase,
  type AssistanceDeps,
} from '../assistance/index.js';
import type { AppContext } from '../context.js';
import { addDays, addMonths, DomainError, monthOf, type IsoDate, type Month } from '../kernel/index.js';
import { getHousehold, type RegistryTables } from '../registry/index.js';
import type { DemoStaff } from './lived-in-staff.js';
import type { Timeline } from './lived-in-timeline.js';

export type CashProgramme = 'dibao' | 'destitute';

export interface CasePlan {
  programme: CashProgramme;
  householdId: number;
  /** 特困供养: the member it is for. */
  beneficiaryPersonId?: number;
  streetCode: string;
  appliedOn: IsoDate;
  /** How the story ends: approved; refused after the home visit; approved, then stopped months later. */
  fate: 'approve' | 'reject_after_visit' | 'stop_later';
  onApplied?: (caseId: number, on: IsoDate) => Promise<void>;
}

export interface AssistanceTally {
  applied: number;
  approved: number;
  rejected: number;
  stopped: number;
  reviewed: number;
  paymentRuns: number;
}

const districtOf = (code: string) => `${code.slice(0, 6)}000000`;

/** The case work of a year: each planned application walked through the product's steps on its own dates. */
export class CaseWork {
  readonly tally: AssistanceTally = { applied: 0, approved: 0, rejected: 0, stopped: 0, reviewed: 0, paymentRuns: 0 };
  /** Districts with a case approved so far: the ones whose monthly run has someone to pay. */
  private readonly paying = new Set<string>();
  /** 补发与追缴 stories told in 浦东 so far (at most two). */
  private recoveryStories = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly tl: Timeline,
    private readonly staff: DemoStaff,
    private readonly today: IsoDate,
  ) {}

  deps(on: IsoDate): AssistanceDeps {
    return assistanceDeps(this.ctx, { today: () => on });
  }

  plan(p: CasePlan): void {
    this.tl.at(p.appliedOn, 'cases', () => this.apply(p));
  }

  private async apply(p: CasePlan): Promise<void> {
    const on = p.appliedOn;
    const worker = await this.staff.caseworker(p.streetCode);
    const deps = this.deps(on);
    const household = await getHousehold(this.ctx.db.kysely.withTables<RegistryTables>(), worker, p.householdId, { asOf: on });
    const applicant = household.members.find((m) => m.relation === 'head') ?? household.members[0];
    if (!applicant) return;
    const created = await applyForAssistance(deps, worker, {
      programme: p.programme,
      householdId: p.householdId,
      applicantPersonId: applicant.id,
      beneficiaryPersonId: p.beneficiaryPersonId,
      reason: p.programme === 'destitute' ? '老人无劳动能力、无生活来源，无法定赡养人或赡养人无赡养能力' : '家庭收入低于本市最低生活保障标准，申请最低生活保障',
      appliedOn: on,
      bankAccount: { holderName: applicant.name, bankName: '上海农商银行', accountNo: `62299510${String(p.householdId).padStart(11, '0')}` },
    });
    this.tally.applied += 1;
    await p.onApplied?.(created.id, on);
    await acceptCase(deps, worker, created.id, { note: '材料齐全，予以受理' });
    const { verification } = await verifyCase(deps, worker, created.id);
    const approver = await this.staff.approver(districtOf(p.streetCode));
    if (!verification.eligible) {
      this.tl.at(addDays(on, 3), 'cases', async () => {
        await rejectCase(this.deps(addDays(on, 3)), approver, created.id, { reasons: ['经济状况核对：家庭月人均收入或财产超过规定标准'] });
        this.tally.rejected += 1;
      });
      return;
    }
    const visitOn = addDays(on, 2);
    this.tl.at(visitOn, 'cases', async () => {
      await recordVisit(this.deps(visitOn), worker, created.id, { visitedOn: visitOn, findings: '入户核实家庭人口、居住与收入情况，与申报一致' });
      if (p.fate === 'reject_after_visit') {
        const rejectOn = addDays(visitOn, 3);
        this.tl.at(rejectOn, 'cases', async () => {
          await rejectCase(this.deps(rejectOn), approver, created.id, { reasons: ['入户调查发现家庭有未申报的经营性收入，实际收入超过低保标准'] });
          this.tally.rejected += 1;
        });
        return;
      }
      const noticeOn = addDays(visitOn, 1);
      this.tl.at(noticeOn, 'cases', async () => {
        await startNotice(this.deps(noticeOn), worker, created.id);
        const decideOn = addDays(noticeOn, 8);
        this.tl.at(decideOn, 'cases', () => this.approve(created.id, p, approver, worker, decideOn));
      });
    });
  }

  private async approve(caseId: number, p: CasePlan, approver: Actor, worker: Actor, on: IsoDate): Promise<void> {
    const approved = await approveCase(this.deps(on), approver, caseId, { note: '经审核符合条件，予以批准' });
    this.tally.approved += 1;
    this.paying.add(approved.districtCode);
    const pudong = p.streetCode.startsWith('310115');
    if (p.fate === 'stop_later') {
      this.stopFoundLate(caseId, approver, worker, addDays(on, 120));
    } else if (pudong && this.recoveryStories < 2 && addDays(on, 150) <= this.today) {
      // In 浦东 (the demo logins' district): one resumed with its missed months paid back, one stopped late with an overpayment.
      this.recoveryStories += 1;
      if (this.recoveryStories === 1) this.backPayStory(caseId, approver, worker, addDays(on, 60));
      else this.stopFoundLate(caseId, approver, worker, `${monthOf(addDays(on, 100))}-20`);
    }
    // 定期复核 a year on: done where the date has passed early this month, so the list shows done and due ones.
    const reviewOn = approved.reviewDue;
    if (reviewOn && reviewOn <= this.today && reviewOn.slice(8) < '05') {
      this.tl.at(reviewOn, 'cases', async () => {
        const deps = this.deps(reviewOn);
        await verifyCase(deps, worker, caseId);
        await recordReview(deps, worker, caseId, { findings: '复核：家庭人口与收入无变化，继续保障' });
        this.tally.reviewed += 1;
      });
    }
  }

  /** 多发: stopped from this month on (the job began on the 1st), after this month's payment on the 10th; half paid back a week later. */
  private stopFoundLate(caseId: number, approver: Actor, worker: Actor, stopOn: IsoDate): void {
    this.tl.at(stopOn, 'cases', async () => {
      const stopped = await stopCase(this.deps(stopOn), approver, caseId, { reason: '家庭成员自本月1日起实现就业，家庭月人均收入超过低保标准', effectiveMonth: monthOf(stopOn) });
      this.tally.stopped += 1;
      const overpaidFen = Number(stopped.actions.at(-1)?.payload.overpaidFen ?? 0);
      const repayOn = addDays(stopOn, 7);
      if (overpaidFen < 200 || repayOn > this.today) return;
      this.tl.at(repayOn, 'cases', async () => {
        await recordRepayment(this.deps(repayOn), worker, caseId, { amountFen: Math.floor(overpaidFen / 2), receiptNo: `TH${caseId}01`, paidOn: repayOn, note: '本人到街道退回多发救助金（第一期）' });
      });
    });
  }

  /** 补发: suspended for two runs on a report of hidden income, resumed after re-verification with the missed months paid back once. */
  private backPayStory(caseId: number, approver: Actor, worker: Actor, suspendOn: IsoDate): void {
    const resumeOn = addDays(suspendOn, 62);
    this.tl.at(suspendOn, 'cases', async () => {
      await suspendCase(this.deps(suspendOn), approver, caseId, { reason: '群众反映家庭有未申报收入，暂停发放核查' });
      this.tl.at(resumeOn, 'cases', async () => {
        const deps = this.deps(resumeOn);
        const { verification } = await verifyCase(deps, worker, caseId);
        if (!verification.eligible) return;
        await resumeCase(deps, approver, caseId, { note: '核查无未申报收入，恢复发放并补发暂停期间的救助金', backPayFrom: monthOf(suspendOn) });
      });
    });
  }

  /**
   * 急难型临时救助 (先行救助) on a street: paid at once; `story` says how far it got — paperwork filed and reviewed,
   * or still to file (overdue once the configured days have passed).
   */
  planEmergency(candidates: { householdId: number; streetCode: string }[], on: IsoDate, story: 'reviewed' | 'paperwork_open'): void {
    this.tl.at(on, 'cases', async () => {
      // The first candidate the street can help (a household may have moved away or have no Shanghai 户籍).
      let paid: { id: number } | null = null;
      let streetCode = '';
      for (const c of candidates) {
        paid = await this.emergencyFor(c.householdId, c.streetCode, on).catch((error: unknown) => {
          if (error instanceof DomainError) return null;
          throw error;
        });
        streetCode = c.streetCode;
        if (paid) break;
      }
      if (!paid) return;
      this.tally.applied += 1;
      if (story !== 'reviewed') return;
      const caseId = paid.id;
      const worker = await this.staff.caseworker(streetCode);
      const fileOn = addDays(on, 3);
      this.tl.at(fileOn, 'cases', async () => {
        await filePaperwork(this.deps(fileOn), worker, caseId, { summary: '已补齐申请书、身份证明与情况说明' });
        const reviewOn = addDays(fileOn, 2);
        this.tl.at(reviewOn, 'cases', async () => {
          await reviewEmergency(this.deps(reviewOn), await this.staff.approver(districtOf(streetCode)), caseId, { confirmed: true, note: '情况属实，先行救助适当' });
        });
      });
    });
  }

  private async emergencyFor(householdId: number, streetCode: string, on: IsoDate): Promise<{ id: number } | null> {
    const worker = await this.staff.caseworker(streetCode);
    const household = await getHousehold(this.ctx.db.kysely.withTables<RegistryTables>(), worker, householdId, { asOf: on });
    const applicant = household.members.find((m) => m.relation === 'head') ?? household.members[0];
    if (!applicant) return null;
    return emergencyRelief(this.deps(on), worker, {
      householdId,
      applicantPersonId: applicant.id,
      reason: '家中突发火灾，衣物被褥烧毁，基本生活暂时无着',
      amountFen: 150_000,
      hardshipType: 'accident',
      form: 'cash',
      findings: '现场核实：住房过火，家中无其他收入来源',
    });
  }

  /** The monthly runs of every district with someone to pay, on the 10th (this month's: today, if earlier). */
  schedulePayments(from: Month, to: Month): void {
    for (let m = from; m <= to; m = addMonths(m, 1)) {
      const month = m;
      const on = `${month}-10` > this.today ? this.today : `${month}-10`;
      this.tl.at(on, 'payments', async () => {
        for (const district of [...this.paying].sort()) {
          const approver = await this.staff.approver(district);
          await runPayments(this.deps(on), approver, district, month);
          this.tally.paymentRuns += 1;
        }
      });
    }
  }
}

export const monthsBack = (today: IsoDate, n: number): Month => addMonths(monthOf(today), -n);
