/** Records the web tests of several areas share: who is signed in, what an import answered. */
import type { ImportSummary } from '../api/population';
import type { Me } from '../api/types';

/**
 * A community worker of 东城区 (`dongcheng.community`, community 110101001001 of street 110101001,
 * basic plan, no modules) as `/api/me` answers; `over` changes the rest, `tenant` the district.
 */
export const dongchengWorker = (over: Partial<Me> = {}, tenant: Partial<Me['tenant']> = {}): Me => ({
  sub: 's',
  username: 'dongcheng.community',
  name: '社区工作者',
  kind: 'staff',
  tenant: {
    id: 'T',
    slug: 'dongcheng-110101',
    name: '东城区',
    divisionCode: '110101',
    tier: 'basic',
    status: 'active',
    ...tenant,
  },
  roles: ['community-worker'],
  scope: { communityCode: '110101001001', streetCode: '110101001' },
  modules: [],
  ...over,
});

/** 雷山县 as its public page answers: basic plan, the resident portal on. */
export const LEISHAN_PORTAL = {
  slug: 'leishan-522634',
  name: '雷山县',
  divisionCode: '522634',
  province: '贵州省',
  city: '黔东南苗族侗族自治州',
  tier: 'basic',
  status: 'active',
  portal: true,
  modules: ['channel-portal'],
  hotline: '0855-12345',
  notices: [],
};

/** What Cognito answers a resident's sign-in with. */
export const RESIDENT_TOKENS = {
  AccessToken: 'res-access',
  IdToken: 'res-id',
  RefreshToken: 'res-refresh',
  ExpiresIn: 3600,
};

/** A finished XLSX import of three rows: two imported, one refused for its ID number's checksum. */
export const importSummary = (id: string, over: Partial<ImportSummary> = {}): ImportSummary => ({
  id,
  rows: 3,
  imported: 2,
  failed: 1,
  existing: 0,
  blankRows: 0,
  issues: 1,
  byCode: { RESIDENT_ID_CHECKSUM: 1 },
  truncated: false,
  status: 'done',
  file: { format: 'xlsx' },
  by: 'dongcheng.community',
  startedAt: '2026-01-01T00:00:01Z',
  finishedAt: '2026-01-01T00:00:02Z',
  ms: 1000,
  ...over,
});
