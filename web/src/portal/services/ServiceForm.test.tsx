import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearResidentSession } from '../../areas/portal/residentSession';
import { json, mockFetch, problem } from '../../test/utils';
import { translator } from '../i18n';
import zhCN from '../i18n/zh-CN';
import { ApplyForm } from './ApplyPage';
import { GUIDE, PREFILL, signIn } from './fixtures';
import { formBody, validateForm, validIdNumber } from './ServiceForm';

const t = translator(zhCN);
const fields = GUIDE.service.fields;
// 11010519491231002X: a valid GB 11643 number (check character X).
const ID = '11010519491231002X';

const UPLOAD_FORM = {
  uploadId: 'up1',
  upload: {
    url: '/local-uploads/up1',
    fields: { key: 't/x/materials/up1', policy: 'p' },
    expiresAt: '2026-12-02T05:00:00Z',
  },
  maxBytes: 1048576,
  ref: { uploadId: 'up1', name: '身份证.jpg', type: 'image/jpeg', size: 5 },
};

beforeEach(() => signIn());
afterEach(() => {
  clearResidentSession();
  vi.unstubAllGlobals();
});

const fill = (label: string | RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

const fillValid = () => {
  fill(/^月收入/, '1200');
  fill(/^居住起始日期/, '2001-05-01');
  fireEvent.click(screen.getByRole('radio', { name: '独居' }));
  fill(/^联系人身份证/, ID);
  fill(/^联系人手机/, '139 0000 1111');
  fill(/^居住地址/, '东城区 3-2-501');
};

const chooseFile = (file: File) =>
  fireEvent.change(screen.getByLabelText(/选择文件/), { target: { files: [file] } });

describe('validation and the body sent', () => {
  it('checks every field type against its definition, and skips prefilled keys', () => {
    const errors = validateForm(
      fields,
      {
        'applicant-name': '',
        note: '这段说明超过了十个字的长度限制',
        income: '12.5',
        since: '2999-01-01',
        'contact-id': '110105194912310021',
        'contact-mobile': '12345',
        address: '',
      },
      t,
      { prefilled: PREFILL.prefilled },
    );
    expect(errors).toEqual({
      note: '最多 10 个字。',
      income: '请输入整数。',
      since: '日期不能晚于今天。',
      household: '请填写此项。',
      'contact-id': '请输入有效的18位身份证号码。',
      'contact-mobile': '请输入11位手机号码。',
      address: '请填写此项。',
      'id-card-scan': '请填写此项。',
    });
    expect(validateForm(fields, { income: '100001' }, t).income).toBe('不能大于 100000。');
    expect(validateForm(fields, { income: 'abc' }, t).income).toBe('请输入数字。');
  });

  it("takes the district's today for a date that may not be in the future, not the UTC date", () => {
    // 07:30 on 3 December in China is still 2 December in UTC.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-02T23:30:00Z') });
    try {
      expect(validateForm(fields, { since: '2026-12-03' }, t).since).toBeUndefined();
      expect(validateForm(fields, { since: '2026-12-04' }, t).since).toBe('日期不能晚于今天。');
    } finally {
      vi.useRealTimers();
    }
  });

  it('validates the ID number check character', () => {
    expect(validIdNumber(ID)).toBe(true);
    expect(validIdNumber(ID.toLowerCase())).toBe(true);
    expect(validIdNumber('110105194912310021')).toBe(false);
    expect(validIdNumber('11010519491231002')).toBe(false);
  });

  it('sends numbers as numbers, mobiles without spaces, and leaves prefilled and empty keys out', () => {
    expect(
      formBody(
        fields,
        {
          'applicant-name': 'x',
          income: ' 1200 ',
          'contact-mobile': '139 0000-1111',
          note: '  ',
          household: 'alone',
        },
        PREFILL.prefilled,
      ),
    ).toEqual({ income: 1200, 'contact-mobile': '13900001111', household: 'alone' });
  });
});

describe('the apply form rendered from the service definition', () => {
  it('renders one labelled control per field, prefilled ones read-only and masked', () => {
    render(<ApplyForm slug="dongcheng-110101" guide={GUIDE} prefill={PREFILL} />);
    expect(screen.getByRole('heading', { level: 1, name: '申请高龄津贴' })).toBeVisible();
    const name = screen.getByLabelText('申请人姓名');
    expect(name).toHaveValue('张*兰');
    expect(name).toHaveAttribute('readonly');
    expect(screen.getByLabelText('身份证号码')).toHaveValue('1101**********1234');
    expect(screen.getAllByText('已从社区档案自动填写')).toHaveLength(2);
    expect(screen.getByLabelText('情况说明').tagName).toBe('TEXTAREA');
    expect(screen.getByLabelText(/^月收入/)).toHaveAttribute('inputmode', 'numeric');
    expect(screen.getByText('元')).toBeVisible();
    expect(screen.getByLabelText(/^居住起始日期/)).toHaveAttribute('type', 'date');
    const household = screen.getByRole('group', { name: /家庭情况/ });
    expect(within(household).getAllByRole('radio')).toHaveLength(2);
    expect(screen.getByLabelText(/^联系人手机/)).toHaveAttribute('type', 'tel');
    expect(screen.getByLabelText(/^居住地址/).tagName).toBe('TEXTAREA');
    const file = screen.getByLabelText(/选择文件/);
    expect(file).toHaveAttribute('type', 'file');
    expect(file).toHaveAttribute('accept', 'image/jpeg,image/png');
    expect(screen.getByText('支持 JPG / PNG，单个不超过 1 MB')).toBeVisible();
    expect(screen.getByText('您符合申请条件。')).toBeVisible();
  });

  it('shows what is wrong next to each field, and sends nothing', async () => {
    const { calls } = mockFetch({});
    render(<ApplyForm slug="dongcheng-110101" guide={GUIDE} prefill={PREFILL} />);
    fill(/^联系人手机/, '12345');
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));
    expect(await screen.findByText('请修改标出的内容后再提交。')).toBeVisible();
    const mobile = screen.getByLabelText(/^联系人手机/);
    expect(mobile).toHaveAttribute('aria-invalid', 'true');
    expect(mobile).toHaveAccessibleDescription('请输入11位手机号码。');
    expect(screen.getByRole('group', { name: /身份证照片/ })).toHaveTextContent('请填写此项。');
    // Nothing to the district's API (the links above the form may read the public district).
    expect(calls.filter((c) => c.url.startsWith('/api/t/'))).toEqual([]);
  });

  it('refuses a file of the wrong type or size before uploading', async () => {
    const { calls } = mockFetch({});
    render(<ApplyForm slug="dongcheng-110101" guide={GUIDE} prefill={PREFILL} />);
    chooseFile(new File(['x'], 'a.pdf', { type: 'application/pdf' }));
    expect(await screen.findByText('不支持该文件类型。')).toBeVisible();
    chooseFile(new File([new Uint8Array(2 * 1024 * 1024)], 'big.jpg', { type: 'image/jpeg' }));
    expect(await screen.findByText('文件太大（不超过 1 MB）。')).toBeVisible();
    expect(calls.filter((c) => c.url.startsWith('/api/t/'))).toEqual([]);
  });

  it('uploads through the signed form, submits once per attempt and retries with the same key', async () => {
    let submits = 0;
    const { calls } = mockFetch({
      'POST /api/t/resident/materials': () => json(UPLOAD_FORM, 201),
      'POST /local-uploads/up1': () => new Response(null, { status: 204 }),
      'POST /api/t/resident/cases': () =>
        ++submits === 1
          ? json(
              { code: 'UNAVAILABLE', message: { zh: '服务暂不可用', en: 'Unavailable' } },
              503,
              'application/problem+json',
            )
          : json(
              {
                id: 'c1',
                number: '110101-20261202-0007',
                service: PREFILL.service,
                status: 'pending',
                stepIndex: 0,
                step: {
                  index: 0,
                  key: 'intake',
                  name: { zh: '社区受理', en: 'Intake' },
                  level: 'community',
                  timeLimitDays: 3,
                },
                channel: 'portal',
                filedOn: '2026-12-02',
                due: '2026-12-23',
                provisional: false,
                updatedAt: '2026-12-02T01:00:00Z',
              },
              201,
            ),
    });
    render(<ApplyForm slug="dongcheng-110101" guide={GUIDE} prefill={PREFILL} />);
    fillValid();
    chooseFile(new File(['12345'], '身份证.jpg', { type: 'image/jpeg' }));
    expect(await screen.findByText('身份证.jpg')).toBeVisible();
    const ticket = calls.find((c) => c.url === '/api/t/resident/materials');
    expect(ticket?.body).toEqual({
      service: 'elderly-allowance',
      field: 'id-card-scan',
      name: '身份证.jpg',
      type: 'image/jpeg',
      size: 5,
    });
    expect(ticket?.headers.authorization).toBe('Bearer resident-token');

    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));
    expect(await screen.findByText(/同一次申请不会重复提交/)).toBeVisible();
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));
    expect(await screen.findByTestId('case-number')).toHaveTextContent('110101-20261202-0007');
    expect(screen.getByRole('link', { name: '查看办理进度' })).toHaveAttribute(
      'href',
      '/t/dongcheng-110101/cases/c1',
    );

    const sent = calls.filter((c) => c.url === '/api/t/resident/cases');
    expect(sent).toHaveLength(2);
    expect(sent[0]!.headers['idempotency-key']).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(sent[1]!.headers['idempotency-key']).toBe(sent[0]!.headers['idempotency-key']);
    expect(sent[0]!.body).toEqual({
      service: 'elderly-allowance',
      form: {
        income: 1200,
        since: '2001-05-01',
        household: 'alone',
        'contact-id': ID,
        'contact-mobile': '13900001111',
        address: '东城区 3-2-501',
        'id-card-scan': [UPLOAD_FORM.ref],
      },
    });
  });

  it('a changed form after a refusal is a new attempt with a new key; API field errors show at the field', async () => {
    const { calls } = mockFetch({
      'POST /api/t/resident/materials': () => json(UPLOAD_FORM, 201),
      'POST /local-uploads/up1': () => new Response(null, { status: 204 }),
      'POST /api/t/resident/cases': () =>
        problem({
          status: 400,
          code: 'VALIDATION',
          message: { zh: '请检查填写内容', en: 'Check the form' },
          errors: [
            {
              field: 'form.address',
              code: 'TEXT_MARKUP',
              message: { zh: '地址不能包含标记', en: 'No markup' },
            },
          ],
        }),
    });
    render(<ApplyForm slug="dongcheng-110101" guide={GUIDE} prefill={PREFILL} />);
    fillValid();
    chooseFile(new File(['12345'], '身份证.jpg', { type: 'image/jpeg' }));
    await screen.findByText('身份证.jpg');
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));
    expect(await screen.findByText('地址不能包含标记')).toBeVisible();
    expect(screen.getByLabelText(/^居住地址/)).toHaveAttribute('aria-invalid', 'true');
    fill(/^居住地址/, '东城区 3-2-502');
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));
    await waitFor(() => expect(calls.filter((c) => c.url === '/api/t/resident/cases')).toHaveLength(2));
    const [a, b] = calls.filter((c) => c.url === '/api/t/resident/cases');
    expect(b!.headers['idempotency-key']).not.toBe(a!.headers['idempotency-key']);
  });

  it('says why the resident is not eligible and does not offer to submit', () => {
    render(
      <ApplyForm
        slug="dongcheng-110101"
        guide={GUIDE}
        prefill={{
          ...PREFILL,
          known: false,
          prefilled: [],
          form: {},
          eligibility: {
            eligible: false,
            issues: [{ rule: 'minAge', message: { zh: '需年满80周岁', en: 'Aged 80+' } }],
          },
        }}
      />,
    );
    expect(screen.getByText('需年满80周岁')).toBeVisible();
    expect(screen.getByText('未在社区档案中找到您的信息，请如实填写全部内容。')).toBeVisible();
    expect(screen.getByRole('button', { name: '提交申请' })).toBeDisabled();
    expect(screen.getByLabelText(/^申请人姓名/)).not.toHaveAttribute('readonly');
  });
});
