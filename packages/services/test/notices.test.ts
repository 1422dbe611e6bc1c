import { describe, expect, it } from 'vitest';
import { decisionNotice, maskNoticeId, maskNoticeName, noticeInputSchema } from '../src/index.ts';
import { templateByCode } from '../src/templates.ts';

describe('公示 masking rules', () => {
  it('names keep the first and last character', () => {
    expect(maskNoticeName('张桂兰')).toBe('张*兰');
    expect(maskNoticeName('张三')).toBe('张*');
    expect(maskNoticeName('欧阳娜娜')).toBe('欧**娜');
    expect(maskNoticeName('王')).toBe('*');
    expect(maskNoticeName('阿卜杜热合曼·买买提')).toBe(`阿${'*'.repeat(8)}提`);
  });

  it('ID numbers keep the first and last four', () => {
    expect(maskNoticeId('110101194003020071')).toBe('1101**********0071');
    expect(maskNoticeId('11010119400302007X')).toBe('1101**********007X');
    expect(maskNoticeId('12345')).toBe('*****');
  });

  it('a decision notice carries one masked entry and nothing else of the form', () => {
    const def = templateByCode('minimum-living-allowance')!;
    const n = decisionNotice(
      def,
      {
        caseId: '01JD0000000000000000000001',
        number: '110101-20261202-0001',
        communityCode: '110101001001',
        status: 'approved',
        form: {
          'applicant-name': '张桂兰',
          'id-number': '110101194003020071',
          'monthly-income': 600,
          reason: '因病',
        },
      },
      { id: 'w', role: 'community-worker', channel: 'web' },
      new Date('2026-12-02T02:00:00Z'),
    );
    expect(n.entries).toEqual([{ name: '张*兰', idNumber: '1101**********0071' }]);
    expect(n.body).toContain('12月2日至12月9日');
    expect(JSON.stringify(n)).not.toMatch(/桂|0302|600|因病/);
  });

  it('notice input: plain text, an expiry after the publication', () => {
    const ok = { title: 't', body: 'b', scope: { kind: 'district' } };
    expect(noticeInputSchema.safeParse(ok).success).toBe(true);
    expect(noticeInputSchema.safeParse({ ...ok, body: '<p>x</p>' }).success).toBe(false);
    expect(
      noticeInputSchema.safeParse({
        ...ok,
        publishAt: '2026-12-10T00:00:00Z',
        expiresAt: '2026-12-01T00:00:00Z',
      }).success,
    ).toBe(false);
  });
});
