import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ActionBody, type CaseAction, type StaffCase, useCaseAction } from '../../../api/cases';
import { CheckboxList, ConfirmButton, NativeSelect } from '../../../components/Controls';
import { Dialog } from '../../../components/Dialog';
import { useErrorMessage } from '../../../components/States';
import { pick } from './common';

type TransferTarget = Extract<ActionBody, { action: 'transfer' }>['to'];

const NEEDS_REASON: readonly CaseAction[] = ['return', 'reject', 'transfer'];

/**
 * The action buttons of a case: only those the API says the caller may take now (`allowedActions`);
 * accept and approve ask for confirmation, return / reject / transfer for a reason.
 */
export function CaseActions({ c }: { c: StaffCase }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorMessage();
  const act = useCaseAction(c.id);
  const [open, setOpen] = useState<CaseAction | undefined>();
  const [form] = Form.useForm<{ reason: string; to?: TransferTarget; missing?: string[] }>();
  if (c.allowedActions.length === 0) return <p className="muted">{t('cases.detail.noActions')}</p>;

  const run = (b: ActionBody) => act.mutate(b, { onSuccess: () => setOpen(undefined) });
  const submit = async () => {
    const v = await form.validateFields();
    const reason = v.reason.trim();
    if (open === 'return')
      run({
        action: 'return',
        step: c.stepIndex,
        reason,
        ...(v.missing?.length ? { missing: v.missing } : {}),
      });
    else if (open === 'reject') run({ action: 'reject', step: c.stepIndex, reason });
    else if (open === 'transfer' && v.to) run({ action: 'transfer', step: c.stepIndex, reason, to: v.to });
  };
  return (
    <div>
      <div className="actions">
        {c.allowedActions.map((a) =>
          NEEDS_REASON.includes(a) ? (
            <Button
              key={a}
              danger={a === 'reject'}
              onClick={() => {
                form.resetFields();
                act.reset();
                setOpen(a);
              }}
            >
              {t(`cases.actions.${a}`)}
            </Button>
          ) : (
            <ConfirmButton
              key={a}
              type="primary"
              loading={act.isPending && !open}
              title={t('cases.detail.confirmAction', { action: t(`cases.actions.${a}`) })}
              okText={t('cases.detail.confirm')}
              cancelText={t('cases.detail.cancel')}
              onConfirm={() =>
                run(
                  a === 'accept'
                    ? { action: 'accept', step: c.stepIndex }
                    : { action: 'approve', step: c.stepIndex },
                )
              }
            >
              {t(`cases.actions.${a}`)}
            </ConfirmButton>
          ),
        )}
      </div>
      {act.isError && !open ? (
        <Alert type="error" role="alert" showIcon message={errorText(act.error)} style={{ marginTop: 12 }} />
      ) : null}
      {open ? (
        <Dialog
          title={open ? t(`cases.actions.${open}`) : ''}
          okText={t('cases.detail.confirm')}
          cancelText={t('cases.detail.cancel')}
          confirmLoading={act.isPending}
          onOk={() => void submit().catch(() => undefined)}
          onCancel={() => setOpen(undefined)}
        >
          <Form form={form} layout="vertical" requiredMark>
            {open === 'transfer' ? (
              <Form.Item
                name="to"
                label={t('cases.detail.transferTo')}
                rules={[{ required: true, message: t('cases.detail.transferTo') }]}
              >
                <NativeSelect
                  options={c.transferTargets.map((d) => ({
                    value: d.key,
                    label: pick(i18n.language, d.name),
                  }))}
                />
              </Form.Item>
            ) : null}
            {open === 'return' ? (
              <Form.Item name="missing" label={t('cases.detail.missing')}>
                <CheckboxList
                  label={t('cases.detail.missing')}
                  options={c.fields
                    .filter((f) => f.type === 'file')
                    .map((f) => ({ value: f.key, label: pick(i18n.language, f.label) }))}
                />
              </Form.Item>
            ) : null}
            <Form.Item
              name="reason"
              label={t('cases.detail.reason')}
              rules={[
                { required: true, whitespace: true, min: 2, message: t('cases.detail.reasonRequired') },
              ]}
            >
              <Input.TextArea rows={3} maxLength={500} autoFocus />
            </Form.Item>
          </Form>
          {act.isError ? <Alert type="error" role="alert" showIcon message={errorText(act.error)} /> : null}
        </Dialog>
      ) : null}
    </div>
  );
}
