/**
 * Residents' meetings: the quorum rule of 《城市居民委员会组织法》第十二条 (more than half present; a
 * decision passes with more than half of those present), the state machine (no minutes before the
 * meeting is held, no edit after publication except a correction, no attendance change once held)
 * and the masking of the published minutes. Refusals happen before any write: the store given here
 * throws if it is touched.
 */
import { describe, expect, it } from 'vitest';
import {
  correctMinutes,
  holdMeeting,
  type Meeting,
  maskForNotice,
  minutesNoticeText,
  passed,
  publishMinutes,
  quorumOf,
  recordAttendance,
  writeMinutes,
} from './meetings.ts';

const untouched = new Proxy(
  {},
  {
    get: () => {
      throw new Error('the store must not be touched');
    },
  },
) as never;
const actor = { id: 'u1', name: 'worker', role: 'community-worker', channel: 'web' as const };

const meeting = (over: Partial<Meeting> = {}): Meeting => ({
  id: '01JAAAAAAAAAAAAAAAAAAAAAAA',
  communityCode: '110101001001',
  kind: 'residents',
  scope: { kind: 'community' },
  title: '加装电梯议事',
  startsAt: '2026-05-10T01:30:00.000Z',
  place: '社区活动室',
  convener: '社区居委会',
  agenda: [
    { id: 'a1', title: '加装电梯方案' },
    { id: 'a2', title: '费用分摊' },
  ],
  basis: 'households',
  expected: 40,
  attendees: [],
  headCount: 0,
  status: 'planned',
  minutes: [],
  corrections: [],
  createdAt: '2026-05-01T00:00:00.000Z',
  createdBy: 'worker',
  version: 3,
  ...over,
});
const people = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ residentId: `R${i}`, as: 'household' as const }));

describe('quorum (组织法第十二条: 过半数出席)', () => {
  it('needs more than half of those who make up the meeting', () => {
    expect(quorumOf(meeting({ headCount: 20 }))).toEqual({
      expected: 40,
      present: 20,
      required: 21,
      reached: false,
    });
    expect(quorumOf(meeting({ headCount: 11, attendees: people(10) }))?.reached).toBe(true);
    expect(quorumOf(meeting({ expected: 41, headCount: 20 }))).toMatchObject({
      required: 21,
      reached: false,
    });
    expect(quorumOf(meeting({ expected: 41, headCount: 21 }))?.reached).toBe(true);
  });

  it('applies to 居民代表会议 too, and to no other kind', () => {
    expect(quorumOf(meeting({ kind: 'representatives', expected: 9, headCount: 5 }))?.reached).toBe(true);
    for (const kind of ['group', 'building', 'hearing'] as const)
      expect(quorumOf(meeting({ kind, headCount: 1 }))).toBeUndefined();
  });

  it('passes a decision with more than half of those present', () => {
    expect(passed({ for: 11, against: 5, abstain: 5 }, 21)).toBe(true);
    expect(passed({ for: 10, against: 1, abstain: 10 }, 21)).toBe(false);
    expect(passed(undefined, 21)).toBeUndefined();
  });

  it('refuses to hold a 居民会议 without its quorum', async () => {
    await expect(holdMeeting(untouched, meeting({ headCount: 20 }), 3, actor)).rejects.toMatchObject({
      code: 'MEETING_QUORUM_NOT_MET',
      status: 409,
    });
  });
});

describe('the state machine: planned → held → minutes published', () => {
  const item = { agendaId: 'a1', discussion: '同意' };

  it('cannot write or publish the minutes of a meeting not held', async () => {
    await expect(
      writeMinutes(untouched, meeting(), { version: 3, items: [item] }, actor),
    ).rejects.toMatchObject({
      code: 'MEETING_NOT_HELD',
    });
    await expect(
      publishMinutes(untouched, meeting(), { version: 3, notice: true }, actor),
    ).rejects.toMatchObject({ code: 'MEETING_NOT_HELD' });
  });

  it('cannot edit the minutes after publishing, only correct them', async () => {
    const published = meeting({ status: 'published', minutes: [item] });
    await expect(
      writeMinutes(untouched, published, { version: 3, items: [item] }, actor),
    ).rejects.toMatchObject({ code: 'MEETING_MINUTES_PUBLISHED' });
    await expect(
      publishMinutes(untouched, published, { version: 3, notice: true }, actor),
    ).rejects.toMatchObject({ code: 'MEETING_MINUTES_PUBLISHED' });
    // A correction is for published minutes only.
    await expect(
      correctMinutes(untouched, meeting({ status: 'held' }), { version: 3, item, reason: '笔误' }, actor),
    ).rejects.toMatchObject({ code: 'MEETING_MINUTES_NOT_PUBLISHED' });
  });

  it('fixes the attendance once held; refuses a stale version and an unknown agenda item', async () => {
    const held = meeting({ status: 'held', headCount: 30 });
    await expect(
      recordAttendance(untouched, held, { version: 3, attendees: [], headCount: 1 }, actor),
    ).rejects.toMatchObject({ code: 'MEETING_NOT_PLANNED' });
    await expect(holdMeeting(untouched, held, 3, actor)).rejects.toMatchObject({
      code: 'MEETING_NOT_PLANNED',
    });
    await expect(writeMinutes(untouched, held, { version: 2, items: [item] }, actor)).rejects.toMatchObject({
      code: 'MEETING_CHANGED',
    });
    await expect(
      writeMinutes(untouched, held, { version: 3, items: [{ agendaId: 'a9', discussion: 'x' }] }, actor),
    ).rejects.toMatchObject({ code: 'MEETING_AGENDA_UNKNOWN' });
  });
});

describe('the minutes as a notice', () => {
  it('masks ID numbers and mobiles in free text', () => {
    expect(maskForNotice('联系人 13800138000，身份证 110101195804090012。')).toBe(
      '联系人 138****8000，身份证 1101**********0012。',
    );
  });

  it('gives counts and decisions, never a name', () => {
    const m = meeting({
      status: 'held',
      attendees: people(2),
      headCount: 21,
      minutes: [
        {
          agendaId: 'a1',
          discussion: '居民王某（13912345678）提出噪音问题',
          decision: '同意加装',
          votes: { for: 20, against: 2, abstain: 1 },
        },
      ],
    });
    const n = minutesNoticeText(m);
    expect(n.title).toBe('居民会议纪要：加装电梯议事');
    expect(n.body).toContain('应到 40，实到 23，超过半数，会议有效。');
    expect(n.body).toContain('决定：同意加装');
    expect(n.body).toContain('获出席人过半数通过');
    expect(n.body).toContain('139****5678');
    expect(n.body).not.toContain('13912345678');
    expect(n.body).toContain('5月10日 09:30');
  });
});
