import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ThematicKind } from '../../../api/population';
import { json, mockFetch, problem, renderPage, signInStaff } from '../../../test/utils';
import { CreateRecordModal } from './ThematicRecordForm';

const KIND: ThematicKind = {
  key: 'disability-support',
  department: 'civil-affairs',
  module: 'employment',
  labels: { zh: '残疾人帮扶', en: 'Disability support' },
  subject: 'resident',
  enabled: true,
  fields: [
    {
      key: 'grade',
      labels: { zh: '残疾等级', en: 'Grade' },
      sensitive: true,
      schema: { type: 'integer', minimum: 1, maximum: 4 },
    },
    {
      key: 'category',
      labels: { zh: '残疾类别', en: 'Category' },
      sensitive: false,
      schema: { type: 'string', enum: ['视力', '肢体'] },
    },
    {
      key: 'certifiedOn',
      labels: { zh: '发证日期', en: 'Certified on' },
      sensitive: false,
      schema: { anyOf: [{ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, { type: 'null' }] },
    },
    {
      key: 'subsidy',
      labels: { zh: '享受补贴', en: 'Subsidy' },
      sensitive: false,
      schema: { type: 'boolean' },
    },
    { key: 'note', labels: { zh: '备注', en: 'Note' }, sensitive: false, schema: { type: 'string' } },
  ],
};

const RESIDENT = { id: '01JBRESIDENT0000000000000A', name: '张*', idNumber: '110105********002X' };

describe('a thematic record', () => {
  it('finds its resident, then sends every field the form was given, numbers as numbers', async () => {
    signInStaff();
    const { calls } = mockFetch({
      'GET /api/t/residents ?*': () => json({ items: [RESIDENT] }),
      'POST /api/t/thematic/disability-support': () => json({ id: 'rec-1' }, 201),
    });
    const saved = vi.fn();
    renderPage(<CreateRecordModal kind={KIND} onClose={() => {}} onSaved={saved} />);
    fireEvent.change(await screen.findByLabelText('记录对象（身份证号）'), {
      target: { value: '11010519491231002x' },
    });
    fireEvent.click(screen.getByRole('button', { name: '查找' }));
    await screen.findByText(/已找到/);
    expect(calls[0]?.url).toContain('idNumber=11010519491231002X');
    fireEvent.change(screen.getByLabelText(/残疾等级/), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('残疾类别'), { target: { value: '肢体' } });
    fireEvent.change(screen.getByLabelText('发证日期'), { target: { value: '2020-05-01' } });
    fireEvent.click(screen.getByLabelText('享受补贴'));
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(saved).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      subjectId: RESIDENT.id,
      data: { grade: 2, category: '肢体', certifiedOn: '2020-05-01', subsidy: true },
    });
  });

  it('sends nothing before the resident is found, and puts the API’s field error on its field', async () => {
    signInStaff();
    const { calls } = mockFetch({
      'GET /api/t/residents ?*': () => json({ items: [RESIDENT] }),
      'POST /api/t/thematic/disability-support': () =>
        problem({
          status: 400,
          code: 'VALIDATION',
          title: 'Invalid',
          message: { zh: '输入有误', en: 'Invalid input' },
          errors: [
            { field: 'data.grade', code: 'TOO_BIG', message: { zh: '残疾等级为 1–4', en: 'Grade is 1–4' } },
          ],
        }),
    });
    renderPage(<CreateRecordModal kind={KIND} onClose={() => {}} onSaved={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: '保存' }));
    expect(await screen.findByText('请先查找并确认记录对象')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('记录对象（身份证号）'), {
      target: { value: '11010519491231002X' },
    });
    fireEvent.click(screen.getByRole('button', { name: '查找' }));
    await screen.findByText(/已找到/);
    fireEvent.change(screen.getByLabelText(/残疾等级/), { target: { value: '9' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('残疾等级为 1–4')).toBeInTheDocument();
    expect(screen.getByLabelText(/残疾等级/)).toHaveAttribute('aria-invalid', 'true');
  });
});
