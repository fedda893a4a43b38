import type { AppContext } from '../context.js';
import { addDays, type IsoDate, type Month } from '../kernel/index.js';
import { contactLead, listLeads, monitoringDeps, recordLeadOutcome, runDiscovery, type LeadSummary } from '../monitoring/index.js';
import { SHANGHAI_DISTRICTS } from '../registry/index.js';
import type { CaseWork } from './lived-in-assistance.js';
import type { DemoStaff } from './lived-in-staff.js';
import type { Timeline } from './lived-in-timeline.js';

export interface LeadTally {
  found: number;
  contacted: number;
  applied: number;
  declined: number;
}

const at = (on: IsoDate) => ({ now: () => new Date(`${on}T02:00:00Z`) });

/**
 * 政策找人 three months ago: a discovery run of the city, then the advisors' work on its leads — most
 * households contacted, some applying (their cases then walk the assistance steps, and an approval settles
 * the lead), some declining. Leads never reached stay 待联系.
 */
export function scheduleDiscovery(ctx: AppContext, tl: Timeline, staff: DemoStaff, work: CaseWork, random: () => number, runOn: IsoDate, month: Month, maxWorked: number, tally: LeadTally, settle: () => Promise<void>): void {
  tl.at(runOn, 'discovery', async () => {
    // The roster of who is already in a programme comes from the approvals' events.
    await settle();
    const run = await runDiscovery(monitoringDeps(ctx, at(runOn)), null, { month, divisionCode: '310000000000' });
    tally.found += run.leads;
    const leads: LeadSummary[] = [];
    for (const district of SHANGHAI_DISTRICTS) {
      const reader = await staff.approver(district.code);
      const page = await listLeads(monitoringDeps(ctx, at(runOn)), reader, { division: district.code, limit: 500 });
      leads.push(...page.items);
    }
    const worked = leads
      .map((lead) => ({ lead, k: random() }))
      .sort((a, b) => a.k - b.k)
      .slice(0, maxWorked);
    for (const { lead } of worked) {
      if (random() < 0.2) continue;
      const contactOn = addDays(runOn, 1 + Math.floor(random() * 10));
      const choice = random();
      tl.at(contactOn, 'leads', async () => {
        const worker = await staff.caseworker(lead.streetCode);
        const deps = monitoringDeps(ctx, at(contactOn));
        await contactLead(deps, worker, lead.id, { contactedOn: contactOn, channel: choice < 0.5 ? 'visit' : 'phone', note: '已告知可申请的救助项目及所需材料' });
        tally.contacted += 1;
        const cash = lead.programme === 'dibao' || lead.programme === 'destitute';
        if (cash && choice < 0.7) {
          work.plan({
            programme: lead.programme as 'dibao' | 'destitute',
            householdId: lead.householdId,
            beneficiaryPersonId: lead.programme === 'destitute' ? (lead.personId ?? undefined) : undefined,
            streetCode: lead.streetCode,
            appliedOn: addDays(contactOn, 2),
            fate: 'approve',
            onApplied: async (caseId, on) => {
              await recordLeadOutcome(monitoringDeps(ctx, at(on)), worker, lead.id, { outcome: 'applied', reason: '已递交救助申请', caseId });
              tally.applied += 1;
            },
          });
        } else if (choice > 0.85) {
          await recordLeadOutcome(deps, worker, lead.id, { outcome: 'declined', reason: '本人表示暂不需要' });
          tally.declined += 1;
        }
      });
    }
  });
}
