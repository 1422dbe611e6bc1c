import { Button, Form, Input, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Call, useCalls, useCloseCall } from '../../../api/hotline';
import { NativeSelect, Panel } from '../../../components/Controls';
import { applyProblem } from '../../../components/formErrors';
import { Notice } from '../../../components/plain';
import { ErrorState } from '../../../components/States';
import { chinaClock } from '../../../time';
import { type Applicant, CallerCard, mobileOf } from './CallerCard';
import { FileCaseCard } from './FileCaseCard';
import { StatusCard } from './StatusCard';

const OUTCOMES = ['case-filed', 'status-answered', 'other'] as const;

/** End the answered call with what came of it. */
function CloseCall({
  call,
  caseNumber,
  onClosed,
}: {
  call: Call;
  caseNumber?: string;
  onClosed: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ outcome: (typeof OUTCOMES)[number]; note?: string }>();
  const close = useCloseCall();
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ outcome: caseNumber ? 'case-filed' : 'status-answered' }}
      onFinish={(v) =>
        close.mutate(
          {
            id: call.id,
            close: {
              outcome: v.outcome,
              ...(v.outcome === 'case-filed' && caseNumber ? { caseNumber } : {}),
              ...(v.note?.trim() ? { note: v.note.trim() } : {}),
            },
          },
          { onSuccess: onClosed, onError: (e) => applyProblem(form, e, i18n.language) },
        )
      }
    >
      <Form.Item name="outcome" label={t('hotline.calls.outcome')}>
        <NativeSelect
          options={OUTCOMES.map((o) => ({ value: o, label: t(`hotline.calls.outcomes.${o}`) }))}
        />
      </Form.Item>
      <Form.Item name="note" label={t('hotline.calls.note')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Button htmlType="submit" loading={close.isPending}>
        {t('hotline.calls.close')}
      </Button>
    </Form>
  );
}

/** 来电受理: the waiting calls (polled), the caller, a case filed for them, a case's status. */
export function ConsolePage() {
  const { t } = useTranslation();
  const calls = useCalls();
  const [active, setActive] = useState<Call>();
  const [applicant, setApplicant] = useState<Applicant>();
  const [filed, setFiled] = useState<string>();
  const pending = (calls.data?.items ?? []).filter((c) => c.status === 'pending');
  return (
    <div className="stack">
      <Panel title={<h2 className="card-title">{t('hotline.calls.pending')}</h2>}>
        {calls.isError ? <ErrorState error={calls.error} onRetry={() => void calls.refetch()} /> : null}
        <div aria-live="polite">
          {pending.length ? (
            <ul className="plain-list">
              {pending.map((c) => (
                <li key={c.id}>
                  <div>
                    <div className="mono" data-testid="call-from">
                      {c.from === 'withheld' ? t('hotline.calls.withheld') : c.from}
                    </div>
                    <div className="muted">
                      {chinaClock(c.receivedAt, { seconds: true })}
                      {c.line ? ` · ${t('hotline.calls.line')} ${c.line}` : ''}
                    </div>
                  </div>
                  {active?.id === c.id ? (
                    <Tag color="green">{t('hotline.calls.answering')}</Tag>
                  ) : (
                    <Button
                      type="primary"
                      onClick={() => {
                        setActive(c);
                        setApplicant(undefined);
                        setFiled(undefined);
                      }}
                    >
                      {t('hotline.calls.answer')}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('hotline.calls.empty')}</p>
          )}
        </div>
        {active ? (
          <CloseCall
            key={active.id}
            call={active}
            {...(filed ? { caseNumber: filed } : {})}
            onClosed={() => {
              setActive(undefined);
              setApplicant(undefined);
            }}
          />
        ) : (
          <Notice type="info" title={t('hotline.calls.manual')} />
        )}
      </Panel>
      <CallerCard callNumber={mobileOf(active?.from)} applicant={applicant} onChoose={setApplicant} />
      <FileCaseCard applicant={applicant} onFiled={setFiled} />
      <StatusCard />
    </div>
  );
}
