/**
 * Open311 service requests: `POST requests.{fmt}` files a case (channel `open311`, the key recorded
 * as filer) for a caller known by `phone`; `GET requests.{fmt}` lists, `requests/{id}.{fmt}` reads
 * one, `tokens/{id}.{fmt}` maps a token to its request. Requests are this platform's cases (办件);
 * their `service_request_id` is the case number. Only cases of the district's Open311 services are
 * listed, and never a personal field: no description, address, name, phone or form answer — only
 * the service, the status, the department and the dates.
 */
import { LinliError, newId } from '@linli/core';
import { normalizeMobile } from '@linli/population';
import {
  CASE_NUMBER,
  type CaseRecord,
  type CaseStatus,
  type CaseStore,
  checkEligibility,
  chinaDate,
  DEPARTMENTS,
  type InboxEntry,
  type ServiceDefinition,
} from '@linli/services';
import { listCommunities, type Tenant } from '@linli/tenancy';
import type { ApiDeps } from '../../deps.ts';
import { checkForm, fileCase, today } from '../services/cases-file.ts';
import type { CasesContext } from '../services/cases-shared.ts';
import { factsByMobile, withPrefill } from '../services/requests.ts';
import { COMMUNITY_ATTRIBUTE, formFrom, type Posted } from './attributes.ts';
import type { C } from './district.ts';
import { type Node, Open311Error, W3C_DATETIME, w3c } from './format.ts';
import type { ApiKeyRecord } from './keys.ts';
import { open311Service, open311Services } from './services.ts';

/** The spec's defaults: the last 90 days, at most 1,000 requests. */
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_REQUESTS = 1000;
/** Entries read per status partition for one list (a bound, never a Scan). */
const MAX_READ = 5000;

const OPEN: readonly CaseStatus[] = ['pending', 'returned'];
const CLOSED: readonly CaseStatus[] = ['approved', 'rejected', 'withdrawn'];

const STATUS_NOTES: Record<CaseStatus, string> = {
  pending: '办理中 / in progress',
  returned: '待申请人补正 / waiting for the applicant',
  approved: '已办结 / completed',
  rejected: '不予办理 / not granted',
  withdrawn: '已撤回 / withdrawn',
};

type Row = Pick<CaseRecord, 'number' | 'serviceCode' | 'serviceName' | 'status' | 'due'> & {
  requestedAt: string;
  updatedAt: string;
};

/** A request as Open311 shows it: nothing personal. */
const requestOf = (r: Row, def: ServiceDefinition | undefined): Node => ({
  service_request_id: r.number,
  status: CLOSED.includes(r.status) ? 'closed' : 'open',
  status_notes: STATUS_NOTES[r.status],
  service_name: r.serviceName.zh,
  service_code: r.serviceCode,
  description: null,
  agency_responsible: def ? DEPARTMENTS[def.department].zh : null,
  service_notice: null,
  requested_datetime: w3c(r.requestedAt) ?? null,
  updated_datetime: w3c(r.updatedAt) ?? null,
  expected_datetime: CLOSED.includes(r.status) ? null : `${r.due}T23:59:59+08:00`,
  address: null,
  address_id: null,
  zipcode: null,
  lat: null,
  long: null,
  media_url: null,
});

const rowOfEntry = (e: InboxEntry): Row => ({
  number: e.number,
  serviceCode: e.serviceCode,
  serviceName: e.serviceName,
  status: e.status,
  due: e.due,
  requestedAt: e.requestedAt ?? `${e.filedOn}T00:00:00+08:00`,
  updatedAt: e.updatedAt ?? e.requestedAt ?? `${e.filedOn}T00:00:00+08:00`,
});

const bad = (what: string) => new Open311Error(400, what);

/** The instant of a W3C date-time parameter, or 400. */
const instant = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const t = Date.parse(v);
  if (!W3C_DATETIME.test(v) || Number.isNaN(t))
    throw bad(`${name} is not a valid W3C date-time (e.g. 2026-12-01T08:00:00+08:00)`);
  return t;
};

/**
 * District-wide inbox entries of one status whose sort date is on or after `from` (an open case
 * sorts by its step's due date, a closed one by its closing date — both on or after its filing
 * date, so every case filed since `from` is in the range). One partition's Query, paged, at most
 * `max` entries read; `keep` filters them as they come. No Scan.
 */
const districtEntries = async (
  cases: CaseStore,
  status: CaseStatus,
  from: string,
  keep: (e: InboxEntry) => boolean,
  max: number,
): Promise<InboxEntry[]> => {
  const pk = cases.keys.inbox({ kind: 'district' }, status);
  const out: InboxEntry[] = [];
  let cursor: string | undefined;
  let read = 0;
  do {
    const page = await cases.store.query<InboxEntry & { pk: string; sk: string; type?: string }>({
      pk,
      skBetween: [from, '9999~'],
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    for (const it of page.items) {
      read++;
      const { pk: _p, sk: _s, type: _t, ...e } = it;
      if (keep(e)) out.push(e);
    }
    cursor = page.cursor;
  } while (cursor && read < max);
  return out;
};

/** One case as a request row, if it is one of the district's Open311 services' cases. */
const readRequest = async (
  ctx: CasesContext,
  c: C,
  number: string,
  services: Map<string, ServiceDefinition>,
) => {
  if (!CASE_NUMBER.test(number)) return undefined;
  const cases = await ctx.casesOf(c);
  const id = await cases.idOfNumber(number);
  if (!id) return undefined;
  const it = await cases.store.get<CaseRecord>(cases.keys.case(id), 'CUR');
  if (!it || !services.has(it.serviceCode)) return undefined;
  return { row: { ...it, requestedAt: it.createdAt, updatedAt: it.updatedAt }, id };
};

const servicesMap = async (deps: ApiDeps, c: C, tenant: Tenant) =>
  new Map((await open311Services(deps, c, tenant)).map((e) => [e.definition.code, e.definition]));

/** `GET requests.{fmt}`: by ids, or by service, window and status, newest first, at most 1,000. */
export const listRequests = async (
  deps: ApiDeps,
  ctx: CasesContext,
  c: C,
  tenant: Tenant,
): Promise<Node[]> => {
  const q = c.req.query();
  const services = await servicesMap(deps, c, tenant);
  if (q.service_request_id !== undefined) {
    // The spec: with ids, every other parameter is ignored.
    const ids = q.service_request_id
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0 || ids.length > 100) throw bad('service_request_id: 1 to 100 comma-separated ids');
    const out: Node[] = [];
    for (const n of ids) {
      const r = await readRequest(ctx, c, n, services);
      if (r) out.push(requestOf(r.row, services.get(r.row.serviceCode)));
    }
    return out;
  }
  const codes = q.service_code
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (codes)
    for (const code of codes)
      if (!services.has(code)) throw new Open311Error(404, `service_code not found: ${code}`);
  const statuses = q.status
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (statuses?.some((s) => s !== 'open' && s !== 'closed'))
    throw bad('status must be open or closed (comma-separated)');
  const start = instant('start_date', q.start_date);
  const end = instant('end_date', q.end_date);
  const now = deps.now?.() ?? Date.now();
  const window = DEFAULT_WINDOW_DAYS * 86_400_000;
  const to = end ?? (start !== undefined ? start + window : now);
  const from = start ?? to - window;
  if (from > to) throw bad('start_date is after end_date');
  const wanted: CaseStatus[] = [
    ...(!statuses || statuses.includes('open') ? OPEN : []),
    ...(!statuses || statuses.includes('closed') ? CLOSED : []),
  ];
  const keep = (e: InboxEntry) => {
    if (!services.has(e.serviceCode) || (codes && !codes.includes(e.serviceCode))) return false;
    const t = Date.parse(rowOfEntry(e).requestedAt);
    return t >= from && t <= to;
  };
  const cases = await ctx.casesOf(c);
  const rows: Row[] = [];
  for (const s of wanted) {
    const items = await districtEntries(cases, s, chinaDate(new Date(from)), keep, MAX_READ);
    rows.push(...items.map(rowOfEntry));
  }
  rows.sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  return rows.slice(0, MAX_REQUESTS).map((r) => requestOf(r, services.get(r.serviceCode)));
};

/** `GET requests/{id}.{fmt}`: one request, or 404. */
export const oneRequest = async (deps: ApiDeps, ctx: CasesContext, c: C, tenant: Tenant, number: string) => {
  const services = await servicesMap(deps, c, tenant);
  const r = await readRequest(ctx, c, number, services);
  if (!r) throw new Open311Error(404, 'service_request_id not found');
  return [requestOf(r.row, services.get(r.row.serviceCode))];
};

/** `GET tokens/{token}.{fmt}`: the token a POST answered (the case id) and its request. */
export const tokenRequest = async (ctx: CasesContext, c: C, token: string) => {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(token)) throw new Open311Error(404, 'token not found');
  const cases = await ctx.casesOf(c);
  const it = await cases.store.get<CaseRecord>(cases.keys.case(token), 'CUR');
  if (it?.channel !== 'open311') throw new Open311Error(404, 'token not found');
  return [{ service_request_id: it.number, token }];
};

/** The posted form body: `attribute[code]` and `attribute[code][]` gathered into `attributes`. */
const readBody = async (c: C) => {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type))
    throw bad('the request body must be application/x-www-form-urlencoded');
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > 64 * 1024) throw bad('the request body is larger than 64 KB');
  const body = await c.req.parseBody({ all: true });
  const fields: Record<string, string> = {};
  const attributes: Record<string, Posted> = {};
  for (const [k, v] of Object.entries(body)) {
    const values = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    const m = /^attribute\[([^\]]{1,64})\](\[\])?$/.exec(k);
    if (m) attributes[m[1]!] = m[2] ? values : values.length > 1 ? values : (values[0] ?? '');
    else if (values[0] !== undefined) fields[k] = values[0];
  }
  return { fields, attributes };
};

/** The problem of a domain refusal, as the spec's 400/403/404 with a readable description. */
const asOpen311 = (err: unknown, lang: 'zh' | 'en'): unknown => {
  if (!(err instanceof LinliError)) return err;
  const field = (f: string) => (f.startsWith('form.') ? `attribute[${f.slice(5)}]` : f);
  const detail = (err.issues ?? []).map((i) => `${field(i.field)}: ${i.message[lang]}`).join('; ');
  const text = `${err.code}: ${lang === 'en' ? err.en : err.zh}${detail ? ` (${detail})` : ''}`;
  const code =
    err.status === 404
      ? 404
      : err.status === 403
        ? 403
        : err.status === 429
          ? 429
          : err.status >= 500
            ? 503
            : 400;
  return new Open311Error(code, text, err.headers ?? {});
};

/**
 * What the client sent beside the form that the department needs and the service's form has no
 * field for: the spot (lat/long) and a photo link. Kept on the case as an internal note for staff;
 * never returned by the public GET (a spot can be someone's door). The link is shown, not fetched.
 */
const sentAlong = (lat: string | undefined, long: string | undefined, media: string | undefined) =>
  [
    'Open311 随件信息',
    ...(lat !== undefined && long !== undefined ? [`位置：纬度 ${lat}，经度 ${long}（WGS-84）`] : []),
    ...(media ? [`照片链接（由提交系统提供，打开前请确认来源）：${media}`] : []),
  ].join('\n');

/** `POST requests.{fmt}`: file the case; the key (required) is the filer. */
export const postRequest = async (
  deps: ApiDeps,
  ctx: CasesContext,
  c: C,
  tenant: Tenant,
  key: ApiKeyRecord,
  body: Awaited<ReturnType<typeof readBody>>,
  lang: 'zh' | 'en',
) => {
  const { fields, attributes } = body;
  if (!fields.service_code) throw bad('service_code was not provided');
  const def = await open311Service(deps, c, tenant, fields.service_code);
  for (const [name, v] of [
    ['lat', fields.lat],
    ['long', fields.long],
  ] as const)
    if (
      v !== undefined &&
      (!/^-?\d{1,3}(\.\d+)?$/.test(v) || Math.abs(Number(v)) > (name === 'lat' ? 90 : 180))
    )
      throw bad(`${name} is not a valid coordinate`);
  if ((fields.lat === undefined) !== (fields.long === undefined))
    throw bad('lat and long are given together (WGS-84 decimal degrees)');
  const media = fields.media_url?.trim() || undefined;
  if (
    media !== undefined &&
    (media.length > 2048 || !/^https?:\/\/[^\s<>"]+$/i.test(media) || !URL.canParse(media))
  )
    throw bad('media_url is not a valid http(s) URL');
  const phone = normalizeMobile(fields.phone ?? '').replace(/^\+?86/, '');
  if (!/^1[3-9]\d{9}$/.test(phone))
    throw bad('phone: a mainland mobile number is required (case notices are texted to it)');
  const community = attributes[COMMUNITY_ATTRIBUTE];
  const communityCode = Array.isArray(community) ? community[0] : community;
  if (!communityCode || !/^\d{12}$/.test(communityCode))
    throw bad(
      `attribute[${COMMUNITY_ATTRIBUTE}] is required: a community code of the district (see the service definition)`,
    );
  const communities = await listCommunities(c.get('store'), communityCode.slice(0, 9));
  if (!communities.some((x) => x.code === communityCode))
    throw bad(`attribute[${COMMUNITY_ATTRIBUTE}]: no such community in the district`);
  const idem = c.req.header('idempotency-key');
  if (idem !== undefined && !/^[A-Za-z0-9_-]{8,64}$/.test(idem))
    throw bad('Idempotency-Key: 8–64 of A–Z a–z 0–9 _ -');
  try {
    const facts = await factsByMobile(await ctx.popOf(c), phone);
    const day = today(ctx);
    const issues = checkEligibility(def, facts, day);
    if (issues.length) throw bad(`not eligible: ${issues.map((i) => i.message[lang]).join('; ')}`);
    const form = checkForm(
      def,
      withPrefill(
        def,
        facts,
        formFrom(def, attributes, { description: fields.description, address: fields.address_string, phone }),
      ),
      day,
    );
    const cases = await ctx.casesOf(c);
    const out = await fileCase(ctx, c, cases, {
      def,
      applicant: { kind: 'caller', mobile: phone },
      channel: 'open311',
      communityCode,
      form,
      key: idem ?? `o311-${newId()}`,
      filedBy: `open311:${key.id}`,
      owner: `K.${key.id}`,
      ...(fields.lat !== undefined || media
        ? { internalNote: sentAlong(fields.lat, fields.long, media) }
        : {}),
      actor: { id: `open311:${key.id}`, name: key.label, role: 'open311-client', channel: 'api' },
    });
    return {
      created: out.created,
      body: [
        {
          service_request_id: out.case.number,
          token: out.case.id,
          service_notice: `${def.name.zh}：已受理登记，承诺 ${def.timeLimitDays} 个工作日内办结；进度短信发送至所留手机号。`,
          account_id: null,
        },
      ] as Node[],
    };
  } catch (err) {
    throw asOpen311(err, lang);
  }
};

export { readBody };
