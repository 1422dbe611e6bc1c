/**
 * The one-stop services calls of the portal: the public catalogue and guide (anyone), and the
 * signed-in resident's applications, cases, messages and ratings (`/api/t/resident/*`, the
 * resident's own token, never the staff session's). Plain `fetch` typed by the generated OpenAPI
 * types (types only: nothing of the staff client's HTTP stack or i18next reaches the portal).
 */
import type { components as C } from '../../api/control.gen';
import { ApiError, parseProblem } from '../../api/errors';
import type { components as T } from '../../api/tenant.gen';
import { clearResidentSession, getResidentAccessToken } from '../../areas/portal/residentSession';

type S = T['schemas'];
export type Bilingual = S['Bilingual'];
export type ServiceSummary = C['schemas']['ServiceSummary'];
export type ServiceGuide = C['schemas']['ServiceGuide'];
export type ServiceDefinition = S['ServiceDefinition'];
export type ServiceField = ServiceDefinition['fields'][number];
export type FormValues = S['CaseFormValues'];
export type UploadRef = S['CaseUploadRef'];
export type CasePrefill = S['CasePrefill'];
export type CaseSummary = S['CaseSummary'];
export type ResidentCase = S['ResidentCase'];
export type PortalMessage = S['PortalMessage'];
export type RatingState = S['RatingState'];
export type RatingInput = S['RatingInput'];
export type RatingLevel = RatingInput['level'];
export type UploadForm = S['CaseUploadForm'];
export type ResidentConsultation = S['ResidentConsultation'];
export type ResidentConsultations = S['ResidentConsultations'];
export type ResidentEvent = S['ResidentEvent'];
export type ResidentCommunityNotices = S['ResidentCommunityNotices'];

export const RATING_LEVELS: readonly RatingLevel[] = [
  'very-satisfied',
  'satisfied',
  'basically-satisfied',
  'dissatisfied',
  'very-dissatisfied',
];
export const RATING_DIMENSIONS = ['attitude', 'efficiency', 'convenience', 'standards', 'outcome'] as const;

/** A moment as the resident reads it: China's time, the UI language. */
export { when } from '../../time';

/** The text of `b` in the UI language. */
export const pick = (b: Bilingual, lang: string): string => (lang === 'en' ? b.en || b.zh : b.zh);

const channelHeaders = (): Record<string, string> =>
  typeof document !== 'undefined' && document.documentElement.classList.contains('kiosk')
    ? { 'X-Linli-Channel': 'kiosk' }
    : {};

interface CallOpts {
  readonly method?: 'GET' | 'POST';
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal | undefined;
  /** Send the resident's bearer token (signed-out → 401 ApiError, session forgotten). */
  readonly auth?: boolean;
}

/** One JSON call; a failure rejects with an `ApiError` (problem+json, or a network error). */
export async function call<R>(path: string, opts: CallOpts = {}): Promise<R> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': document.documentElement.lang || 'zh-CN',
    ...channelHeaders(),
    ...opts.headers,
  };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.auth) {
    const token = await getResidentAccessToken();
    if (!token) {
      clearResidentSession();
      throw ApiError.unauthorized();
    }
    headers.Authorization = `Bearer ${token}`;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (e) {
    throw ApiError.network(e);
  }
  if (!res.ok) {
    const err = await parseProblem(res);
    if (res.status === 401 && opts.auth) clearResidentSession();
    throw err;
  }
  return (await res.json()) as R;
}

const enc = encodeURIComponent;

/** The district's services (public), optionally searched (Chinese text or pinyin initials). */
export const publicServices = (slug: string, q?: string, signal?: AbortSignal) =>
  call<{ items: ServiceSummary[] }>(`/api/public/districts/${enc(slug)}/services${q ? `?q=${enc(q)}` : ''}`, {
    signal,
  }).then((r) => r.items);

export const publicGuide = (slug: string, code: string, signal?: AbortSignal) =>
  call<ServiceGuide>(`/api/public/districts/${enc(slug)}/services/${enc(code)}`, { signal });

const r = { auth: true } as const;

export const residentApi = {
  events: (signal?: AbortSignal) =>
    call<{ recordFound: boolean; items: ResidentEvent[] }>('/api/t/resident/community/events', {
      ...r,
      signal,
    }),
  eventAction: (id: string, action: 'sign-up' | 'cancel') =>
    call<ResidentEvent>(`/api/t/resident/community/events/${enc(id)}/${action}`, { ...r, method: 'POST' }),
  consultations: (signal?: AbortSignal) =>
    call<ResidentConsultations>('/api/t/resident/community/consultations', { ...r, signal }),
  communityNotices: (signal?: AbortSignal) =>
    call<ResidentCommunityNotices>('/api/t/resident/community/notices', { ...r, signal }),
  vote: (id: string, option: string) =>
    call<ResidentConsultation>(`/api/t/resident/community/consultations/${enc(id)}/vote`, {
      ...r,
      method: 'POST',
      body: { option },
    }),
  prefill: (code: string, signal?: AbortSignal) =>
    call<CasePrefill>(`/api/t/resident/services/${enc(code)}/prefill`, { ...r, signal }),
  guide: (code: string, signal?: AbortSignal) =>
    call<ServiceGuide>(`/api/t/resident/services/catalogue/${enc(code)}`, { ...r, signal }),
  uploadForm: (body: { service: string; field: string; name: string; type: string; size: number }) =>
    call<UploadForm>('/api/t/resident/materials', { ...r, method: 'POST', body }),
  submit: (body: { service: string; form: Record<string, unknown> }, idempotencyKey: string) =>
    call<CaseSummary>('/api/t/resident/cases', {
      ...r,
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
  cases: (signal?: AbortSignal, cursor?: string) =>
    call<{ items: CaseSummary[]; cursor?: string }>(
      `/api/t/resident/cases?limit=50${cursor ? `&cursor=${enc(cursor)}` : ''}`,
      { ...r, signal },
    ),
  case: (id: string, signal?: AbortSignal) =>
    call<ResidentCase>(`/api/t/resident/cases/${enc(id)}`, { ...r, signal }),
  resubmit: (id: string, form: Record<string, unknown>) =>
    call<ResidentCase>(`/api/t/resident/cases/${enc(id)}/resubmit`, { ...r, method: 'POST', body: { form } }),
  withdraw: (id: string) =>
    call<ResidentCase>(`/api/t/resident/cases/${enc(id)}/withdraw`, { ...r, method: 'POST' }),
  rating: (id: string, signal?: AbortSignal) =>
    call<RatingState>(`/api/t/resident/cases/${enc(id)}/rating`, { ...r, signal }),
  rate: (id: string, body: RatingInput) =>
    call<{ rating: RatingState['rating'] }>(`/api/t/resident/cases/${enc(id)}/rating`, {
      ...r,
      method: 'POST',
      body,
    }),
  messages: (signal?: AbortSignal) =>
    call<{ items: PortalMessage[]; cursor?: string }>('/api/t/resident/messages?limit=50', { ...r, signal }),
};

/**
 * Send one file through the signed upload form (S3 presigned POST in AWS, `/local-uploads`
 * locally): the form's fields first, the file last. Answers the `ref` to put in the form.
 */
export async function uploadMaterial(service: string, field: string, file: File): Promise<UploadRef> {
  const form = await residentApi.uploadForm({
    service,
    field,
    name: file.name,
    type: file.type || 'application/octet-stream',
    size: file.size,
  });
  const fd = new FormData();
  for (const [k, v] of Object.entries(form.upload.fields)) fd.append(k, v);
  fd.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(form.upload.url, { method: 'POST', body: fd });
  } catch (e) {
    throw ApiError.network(e);
  }
  if (!res.ok) throw await parseProblem(res);
  return form.ref;
}

/** A fresh Idempotency-Key (`[A-Za-z0-9_-]{8,64}`). */
export const newIdempotencyKey = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
