/**
 * The resident's inbox: decision notices, material requests and payments arrive as assistance's domain events
 * (handlers below, idempotent by `dedup_key`). Months paid before assistance announced payments are still taken
 * from the case ledger when the inbox is read; both ways share the key `payment:<case>:<month>`, so a month is one
 * message. Each new message is also sent on the channels the resident chose (SMS, app push).
 */
import { plainWording } from './plain-wording.js';
import type { Kysely } from 'kysely';
import { assistanceDeps, casePayments, decisionNotice, htmlToPdf, MATERIAL_REQUESTED, PAYMENT_PAID, programmeNames } from '../assistance/index.js';
import type { EventHandler, StoredEvent } from '../db/index.js';
import { formatYuan, recordNotFound } from '../kernel/index.js';
import { portalActor, tables, type ResidentDeps } from './deps.js';
import type { ResidentSession } from './identity.js';
import { inboxKindNames, type InboxKind, type ResidentTables } from './model.js';
import { circleOf, recordAct } from './people.js';

/** Where messages go besides the inbox. Production plugs in the SMS gateway and the 随申办 push service. */
export interface MessageChannel {
  readonly name: 'sms' | 'app';
  send(to: { personId: number }, message: { title: string; body: string }): Promise<void>;
}

/** Development sink: keeps what would have been sent (tests read it) and prints one line. */
export class DevChannel implements MessageChannel {
  readonly sent: { personId: number; title: string }[] = [];
  constructor(readonly name: 'sms' | 'app') {}
  async send(to: { personId: number }, message: { title: string; body: string }): Promise<void> {
    this.sent.push({ personId: to.personId, title: message.title });
  }
}
let channels: MessageChannel[] = [new DevChannel('sms'), new DevChannel('app')];
export function setMessageChannels(next: MessageChannel[]): MessageChannel[] {
  const previous = channels;
  channels = next;
  return previous;
}

interface NewMessage {
  personId: number;
  kind: InboxKind;
  title: string;
  body: string;
  caseId: number | null;
  amountFen?: number | null;
  dedupKey: string;
}

/** Adds a message once (by its key), then notifies on the chosen channels of the residents who see this person. */
async function deliver(db: Kysely<ResidentTables>, message: NewMessage): Promise<boolean> {
  const application = message.caseId === null ? undefined : await db.selectFrom('residents.applications').select(['id', 'resident_id']).where('case_id', '=', message.caseId).executeTakeFirst();
  const inserted = await db
    .insertInto('residents.inbox')
    .values({
      person_id: message.personId,
      kind: message.kind,
      title: message.title,
      body: message.body,
      application_id: application?.id ?? null,
      case_id: message.caseId,
      amount_fen: message.amountFen ?? null,
      notice_html: null,
      dedup_key: message.dedupKey,
      read_at: null,
    })
    .onConflict((oc) => oc.column('dedup_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  const residentIds = [
    ...new Set([application?.resident_id, ...(await db.selectFrom('residents.residents').select('id').where('person_id', '=', message.personId).execute()).map((r) => r.id)].filter((id): id is number => id !== undefined)),
  ];
  const chosen = residentIds.length ? await db.selectFrom('residents.channels').selectAll().where('resident_id', 'in', residentIds).execute() : [];
  const wants = (name: 'sms' | 'app') => (chosen.length ? chosen.some((c) => c[name]) : name === 'sms');
  for (const channel of channels) if (wants(channel.name)) await channel.send({ personId: message.personId }, { title: message.title, body: message.body });
  return true;
}

const DECISIONS: Record<string, { title: (programme: string) => string; body: (p: Record<string, unknown>) => string }> = {
  'assistance.case.approved': {
    title: (programme) => `${programme}申请已批准`,
    body: (p) => `您的申请已批准${typeof p.amountFen === 'number' && p.amountFen > 0 ? `，每月 ${formatYuan(p.amountFen)} 元` : ''}${typeof p.paymentFrom === 'string' ? `，自 ${p.paymentFrom} 起发放` : ''}。决定通知书可在此下载。`,
  },
  'assistance.case.rejected': { title: (programme) => `${programme}申请未获批准`, body: () => '经审核，您的申请不符合条件。决定通知书（含理由和救济途径）可在此下载；如有异议，可在 60 日内提出。' },
  'assistance.case.stopped': { title: (programme) => `${programme}已终止`, body: (p) => `${typeof p.reason === 'string' ? `${plainWording(p.reason)}。` : ''}决定通知书可在此下载。` },
};

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** One paid month of a case, whether it came as an event or from the ledger. */
const paymentMessage = (personId: number, caseId: number, programmeCode: string, month: string, amountFen: number): NewMessage => {
  const programme = programmeNames[programmeCode as keyof typeof programmeNames] ?? '社会救助';
  return {
    personId,
    kind: 'payment',
    title: `${programme} ${month} 已发放`,
    body: `${month} 的${programme} ${formatYuan(amountFen)} 元已发放到您的银行账户。`,
    caseId,
    amountFen,
    dedupKey: `payment:${caseId}:${month}`,
  };
};

/** Decisions, material requests and payments reach the applicant's inbox. */
export const inboxHandler: EventHandler = {
  name: 'residents.inbox',
  topics: [...Object.keys(DECISIONS), MATERIAL_REQUESTED, PAYMENT_PAID],
  async handle(raw, event: StoredEvent) {
    const db = raw.withTables<ResidentTables>();
    const p = event.payload;
    const caseId = num(p.caseId);
    const personId = num(p.applicantPersonId);
    if (caseId === null || personId === null) return;
    if (event.topic === PAYMENT_PAID) {
      // To the applicant like a decision (a window applicant reads it once signed in); one per case and month.
      const amountFen = num(p.amountFen);
      if (amountFen !== null && typeof p.month === 'string') await deliver(db, paymentMessage(personId, caseId, String(p.programme), p.month, amountFen));
      return;
    }
    const programme = programmeNames[p.programme as keyof typeof programmeNames] ?? '社会救助';
    if (event.topic === MATERIAL_REQUESTED) {
      const message = typeof p.message === 'string' ? plainWording(p.message) : '';
      await deliver(db, { personId, kind: 'material_request', title: `${programme}：请补充材料`, body: `${message}${typeof p.dueOn === 'string' ? `（请于 ${p.dueOn} 前上传）` : ''}`, caseId, dedupKey: `event:${event.id}` });
      return;
    }
    const decision = DECISIONS[event.topic];
    await deliver(db, { personId, kind: 'decision', title: decision.title(programme), body: decision.body(p), caseId, amountFen: num(p.amountFen), dedupKey: `event:${event.id}` });
  },
};

/** Months paid before the payment event existed: one message per paid month of the persons' online cases (the key keeps it once). */
async function syncPayments(deps: ResidentDeps, session: ResidentSession, personIds: number[]): Promise<void> {
  const db = tables(deps);
  const cases = await db.selectFrom('residents.applications').select(['case_id', 'person_id', 'kind']).where('person_id', 'in', personIds).where('case_id', 'is not', null).execute();
  for (const c of cases) {
    if (c.case_id === null) continue;
    const paid = (await casePayments(assistanceDeps(deps.ctx), portalActor(session.residentId), c.case_id)).filter((p) => p.status === 'paid');
    for (const payment of paid) await deliver(db, paymentMessage(c.person_id, c.case_id, c.kind, payment.month, payment.amountFen));
  }
}

export async function inboxOf(deps: ResidentDeps, session: ResidentSession) {
  const circle = await circleOf(deps, session);
  const personIds = circle.actFor.map((a) => a.person.id);
  await syncPayments(deps, session, personIds);
  const rows = await tables(deps).selectFrom('residents.inbox').selectAll().where('person_id', 'in', personIds).orderBy('id', 'desc').limit(200).execute();
  await recordAct(deps, session, session.personId, 'resident.inbox.read');
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      kindName: inboxKindNames[r.kind],
      title: r.title,
      body: r.body,
      at: r.at.toISOString(),
      applicationId: r.application_id,
      amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
      hasNotice: r.kind === 'decision' && r.case_id !== null,
      readAt: r.read_at?.toISOString() ?? null,
    })),
    unread: rows.filter((r) => r.read_at === null).length,
  };
}

async function visibleMessage(deps: ResidentDeps, session: ResidentSession, id: number) {
  const circle = await circleOf(deps, session);
  const row = await tables(deps).selectFrom('residents.inbox').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !circle.actFor.some((a) => a.person.id === row.person_id)) throw recordNotFound();
  return row;
}

export async function markRead(deps: ResidentDeps, session: ResidentSession, id: number): Promise<void> {
  await visibleMessage(deps, session, id);
  await tables(deps).updateTable('residents.inbox').set({ read_at: deps.clock.now() }).where('id', '=', id).where('read_at', 'is', null).execute();
}

/** The decision notice of a message, printed to PDF by assistance (the same document the window hands out). */
export async function noticePdf(deps: ResidentDeps, session: ResidentSession, id: number): Promise<{ fileName: string; pdf: Buffer }> {
  const row = await visibleMessage(deps, session, id);
  if (row.kind !== 'decision' || row.case_id === null) throw recordNotFound();
  const notice = await decisionNotice(assistanceDeps(deps.ctx), portalActor(session.residentId), row.case_id);
  const pdf = await htmlToPdf(notice.html);
  await recordAct(deps, session, row.person_id, 'resident.notice.download', row.case_id);
  return { fileName: `${notice.title}.pdf`, pdf };
}

export async function channelsOf(deps: ResidentDeps, session: ResidentSession) {
  const row = await tables(deps).selectFrom('residents.channels').selectAll().where('resident_id', '=', session.residentId).executeTakeFirst();
  return { sms: row?.sms ?? true, app: row?.app ?? false, mobileMasked: null };
}

export async function setChannels(deps: ResidentDeps, session: ResidentSession, choice: { sms: boolean; app: boolean }) {
  await tables(deps)
    .insertInto('residents.channels')
    .values({ resident_id: session.residentId, sms: choice.sms, app: choice.app })
    .onConflict((oc) => oc.column('resident_id').doUpdateSet({ sms: choice.sms, app: choice.app, updated_at: deps.clock.now() }))
    .execute();
  return channelsOf(deps, session);
}
