/**
 * Uploaded material read back: the resident opens a file of an application they may see (their own or one they
 * act for), the caseworker of the application's street downloads it. Both reads are audited against the person
 * the file belongs to, so "who has read this person's data" lists them.
 */
import { appendAudit, hasPermission, jurisdictionPrefix, type Actor } from '../access/index.js';
import { forbidden, recordNotFound } from '../kernel/index.js';
import { visibleRow } from './applications.js';
import { auditDb, tables, type ResidentDeps } from './deps.js';
import type { ResidentSession } from './identity.js';
import { circleOf, recordAct } from './people.js';

export interface StoredFileContent {
  fileName: string;
  mediaType: string;
  content: Buffer;
}

const fileColumns = ['f.id', 'f.file_name', 'f.media_type', 'f.content', 'f.sha256'] as const;

export async function residentFile(deps: ResidentDeps, session: ResidentSession, applicationId: number, fileId: number): Promise<StoredFileContent> {
  const circle = await circleOf(deps, session);
  const row = await visibleRow(deps, session, circle, applicationId);
  const file = await tables(deps).selectFrom('residents.files as f').select(fileColumns).where('f.id', '=', fileId).where('f.application_id', '=', row.id).executeTakeFirst();
  if (!file) throw recordNotFound();
  await recordAct(deps, session, row.person_id, 'resident.file.read', file.id);
  return { fileName: file.file_name, mediaType: file.media_type, content: file.content };
}

/** A caseworker's download: `assistance.read` and the application's street within the jurisdiction; audited either way. */
export async function staffFile(deps: ResidentDeps, actor: Actor, fileId: number): Promise<StoredFileContent> {
  const audit = auditDb(deps.db.kysely);
  const entry = { actor, action: 'residents.file.download', entityType: 'resident_file', entityId: fileId };
  if (!hasPermission(actor.role, 'assistance.read')) {
    await appendAudit(audit, { ...entry, result: 'denied', detail: { reason: 'permission', permission: 'assistance.read' } });
    throw forbidden('ACCESS_PERMISSION_DENIED', '您的角色无权进行此操作');
  }
  const file = await tables(deps)
    .selectFrom('residents.files as f')
    .innerJoin('residents.applications as a', 'a.id', 'f.application_id')
    .select([...fileColumns, 'a.person_id', 'a.street_code', 'a.id as application_id'])
    .where('f.id', '=', fileId)
    .executeTakeFirst();
  if (!file?.street_code.startsWith(jurisdictionPrefix(actor))) {
    if (file) await appendAudit(audit, { ...entry, result: 'denied', detail: { reason: 'jurisdiction' } });
    throw recordNotFound();
  }
  // Filed under the person, as any read of their data, with the file named in the detail.
  await appendAudit(audit, { actor, action: entry.action, entityType: 'person', entityId: file.person_id, result: 'ok', detail: { fileId, applicationId: file.application_id, sha256: file.sha256 } });
  return { fileName: file.file_name, mediaType: file.media_type, content: file.content };
}
