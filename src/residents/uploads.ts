/**
 * Material a resident uploads: only what the registry lacks. The type is read from the first bytes (a renamed
 * file or a false Content-Type changes nothing), the size is capped, the content is hashed and scanned, and
 * nothing is stored unless every check passes.
 */
import { createHash } from 'node:crypto';
import { conflict, invalid } from '../kernel/index.js';
import { answerRequest, applicationForAct } from './applications.js';
import { tables, type ResidentDeps } from './deps.js';
import type { ResidentSession } from './identity.js';
import { recordAct } from './people.js';
import { ACCEPTED_TYPES, uploadRulesText, type AcceptedType } from './upload-rules.js';

export { ACCEPTED_TYPES, uploadRulesText };

/** The type the first bytes announce, or null for anything else. */
export function sniffType(head: Buffer): AcceptedType | null {
  if (head.length >= 5 && head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

/** The virus-scan hook: a real engine (ClamAV, a city service) in production. */
export interface VirusScanner {
  scan(content: Buffer, fileName: string): Promise<{ clean: boolean; finding?: string }>;
}

/**
 * Development sink: passes everything except the EICAR test file, so the refusal path can be tried without
 * an engine. Not a virus scanner.
 */
export const devScanner: VirusScanner = {
  async scan(content) {
    return content.includes('EICAR-STANDARD-ANTIVIRUS-TEST-FILE') ? { clean: false, finding: 'EICAR-Test-File' } : { clean: true };
  },
};
let scanner: VirusScanner = devScanner;
export function setVirusScanner(next: VirusScanner): VirusScanner {
  const previous = scanner;
  scanner = next;
  return previous;
}

export interface Upload {
  fileName: string;
  content: Buffer;
  /** The request for material this file answers (the case log's seq), if any. */
  requestSeq?: number;
}

export const tooLarge = (maxBytes: number) => invalid('RESIDENT_FILE_TOO_LARGE', `文件超过大小限制：${uploadRulesText(maxBytes)}`);

export async function storeUpload(deps: ResidentDeps, session: ResidentSession, applicationId: number, upload: Upload) {
  const { row, progress } = await applicationForAct(deps, session, applicationId);
  if (upload.content.length === 0) throw invalid('RESIDENT_FILE_EMPTY', '文件为空，请重新选择');
  if (upload.content.length > deps.uploads.maxBytes) throw tooLarge(deps.uploads.maxBytes);
  const mediaType = sniffType(upload.content.subarray(0, 8));
  if (!mediaType) throw invalid('RESIDENT_FILE_TYPE', `文件格式不支持：${uploadRulesText(deps.uploads.maxBytes)}`);
  const verdict = await scanner.scan(upload.content, upload.fileName);
  if (!verdict.clean) throw invalid('RESIDENT_FILE_INFECTED', '文件未通过安全检查（疑似病毒），未保存，请检查后重新上传');
  if (progress.status === 'withdrawn' || row.withdrawn_at) throw conflict('RESIDENT_APPLICATION_WITHDRAWN', '申请已撤回，不能再上传材料');
  if (progress.decided) throw conflict('RESIDENT_ALREADY_DECIDED', '申请已作出决定，不能再上传材料');
  if (upload.requestSeq !== undefined) {
    const request = progress.requests.find((r) => r.seq === upload.requestSeq);
    if (!request) throw invalid('RESIDENT_UNKNOWN_REQUEST', '没有这项补充材料要求');
    if (request.answeredAt) throw conflict('RESIDENT_REQUEST_ANSWERED', '这项补充材料要求已答复');
  }
  const sha256 = createHash('sha256').update(upload.content).digest('hex');
  const fileName = cleanName(upload.fileName, mediaType);
  const stored = await tables(deps)
    .insertInto('residents.files')
    .values({ application_id: row.id, request_seq: upload.requestSeq ?? null, file_name: fileName, media_type: mediaType, size_bytes: upload.content.length, sha256, content: upload.content, uploaded_by: session.residentId })
    .returning(['id', 'uploaded_at'])
    .executeTakeFirstOrThrow();
  if (upload.requestSeq !== undefined && row.case_id !== null) {
    try {
      await answerRequest(deps, session, row.case_id, upload.requestSeq, [{ id: stored.id, name: fileName, sha256 }]);
    } catch (error) {
      // The answer and the file go together: a file that answers nothing is not kept.
      await tables(deps).deleteFrom('residents.files').where('id', '=', stored.id).execute();
      throw error;
    }
  }
  await recordAct(deps, session, row.person_id, 'resident.file.upload', stored.id);
  return { id: stored.id, fileName, mediaType, sizeBytes: upload.content.length, sha256, uploadedAt: stored.uploaded_at.toISOString(), requestSeq: upload.requestSeq ?? null };
}

const EXTENSIONS: Record<AcceptedType, string> = { 'application/pdf': '.pdf', 'image/jpeg': '.jpg', 'image/png': '.png' };

/** The name as shown back: no path, no control characters, at most 100 characters, the extension of the real type. */
function cleanName(raw: string, type: AcceptedType): string {
  const base = (raw.split(/[\\/]/).pop() ?? '')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 100);
  const stem = base.replace(/\.[^.]*$/, '') || '材料';
  return `${stem}${EXTENSIONS[type]}`;
}
