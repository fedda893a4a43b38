/**
 * The residents' API calls (src/residents/README.md). `forPersonId` is the household member the resident acts
 * for (代办); omitted, the resident themself. Each route is listed in USED_ROUTES (api/used-routes.ts).
 */
import type {
  ApplicationDetail,
  ApplicationList,
  Channels,
  ChannelsInput,
  ConsentList,
  Entitlements,
  Inbox,
  Objection,
  ObjectionInput,
  ObjectionList,
  ResidentApplyInput,
  ResidentAuthConfig,
  ResidentMe,
  StoredFile,
} from '../api/resident-types.js';
import { apiUrl } from '../api/client.js';
import { residentApi } from './client.js';

export const residentKeys = {
  config: ['resident', 'auth-config'] as const,
  me: ['resident', 'me'] as const,
  entitlements: (forPersonId: number | null) => ['resident', 'entitlements', forPersonId] as const,
  applications: ['resident', 'applications'] as const,
  application: (id: number) => ['resident', 'applications', id] as const,
  consents: ['resident', 'consents'] as const,
  inbox: ['resident', 'inbox'] as const,
  channels: ['resident', 'channels'] as const,
  objections: ['resident', 'objections'] as const,
};

export const fetchAuthConfig = () => residentApi<ResidentAuthConfig>('/resident/auth/config', { quiet401: true });
export const requestDevCode = (idNumber: string) => residentApi<void>('/resident/auth/dev/code', { body: { idNumber }, quiet401: true });
export const devLogin = (idNumber: string, code: string) => residentApi<ResidentMe>('/resident/auth/dev/login', { body: { idNumber, code }, quiet401: true });
/** A full-page trip to the city's unified identity; it comes back to `returnTo` signed in. */
export const oidcStartUrl = (returnTo: string) => apiUrl('/resident/auth/oidc/start', { returnTo });
export const residentLogout = () => residentApi<void>('/resident/auth/logout', { method: 'POST', quiet401: true });
export const fetchMe = (signal?: AbortSignal) => residentApi<ResidentMe>('/resident/me', { signal, quiet401: true });

export const fetchEntitlements = (forPersonId: number | null, signal?: AbortSignal) => residentApi<Entitlements>('/resident/entitlements', { query: { for: forPersonId ?? undefined }, signal });
export const submitApplication = (input: ResidentApplyInput) => residentApi<ApplicationDetail>('/resident/applications', { body: input });
export const fetchApplications = (signal?: AbortSignal) => residentApi<ApplicationList>('/resident/applications', { signal });
export const fetchApplication = (id: number, signal?: AbortSignal) => residentApi<ApplicationDetail>(`/resident/applications/${id}`, { signal });
/** Answers the stored file; the application is read again for its updated requests. */
export function uploadMaterial(id: number, file: File, requestSeq: number | null): Promise<StoredFile> {
  const form = new FormData();
  // The server reads fields in order: requestSeq must come before the file it labels.
  if (requestSeq !== null) form.append('requestSeq', String(requestSeq));
  form.append('file', file, file.name);
  return residentApi<StoredFile>(`/resident/applications/${id}/files`, { form });
}
export const withdrawApplication = (id: number, reason?: string) => residentApi<ApplicationDetail>(`/resident/applications/${id}/withdraw`, { body: { reason } });

export const fetchConsents = (signal?: AbortSignal) => residentApi<ConsentList>('/resident/consents', { signal });
export const revokeConsent = (id: number) => residentApi<void>(`/resident/consents/${id}`, { method: 'DELETE' });

export const fetchInbox = (signal?: AbortSignal) => residentApi<Inbox>('/resident/inbox', { signal });
export const markRead = (id: number) => residentApi<void>(`/resident/inbox/${id}/read`, { method: 'POST' });
/** Opened by the browser itself (its PDF viewer), with the session cookie. */
export const noticePdfUrl = (id: number) => apiUrl(`/resident/inbox/${id}/notice.pdf`);
export const uploadedFileUrl = (applicationId: number, fileId: number) => apiUrl(`/resident/applications/${applicationId}/files/${fileId}`);

export const fetchChannels = (signal?: AbortSignal) => residentApi<Channels>('/resident/channels', { signal });
export const saveChannels = (input: ChannelsInput) => residentApi<Channels>('/resident/channels', { method: 'PUT', body: input });

export const fetchObjections = (signal?: AbortSignal) => residentApi<ObjectionList>('/resident/objections', { signal });
export const fileObjection = (input: ObjectionInput) => residentApi<Objection>('/resident/objections', { body: input });
