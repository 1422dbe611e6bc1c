import { useMutation } from '@tanstack/react-query';
import { Alert } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Resident, revealResident } from '../../../api/population';
import { Dialog } from '../../../components/Dialog';
import { FormField, fieldProps } from '../../../components/FormField';
import { useErrorMessage } from '../../../components/States';

/**
 * "查看完整信息": the clear values of a resident only with a stated reason (PIPL purpose
 * limitation); the API writes the view and the reason to the audit log.
 */
export function RevealModal({
  residentId,
  onClose,
  onRevealed,
  fields,
}: {
  residentId: string;
  onClose: () => void;
  onRevealed: (r: Resident) => void;
  fields?: readonly string[];
}) {
  const { t } = useTranslation();
  const errorText = useErrorMessage();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string[] | undefined>();
  const reveal = useMutation({
    mutationFn: (why: string) => revealResident(residentId, why, fields),
    onSuccess: (r) => {
      setReason('');
      onRevealed(r);
    },
  });
  const submit = () => {
    const why = reason.trim();
    if (why.length < 4) {
      setError([t('population.reveal.reasonRequired')]);
      return;
    }
    reveal.mutate(why);
  };
  return (
    <Dialog
      title={t('population.reveal.title')}
      okText={t('population.reveal.confirm')}
      cancelText={t('population.reveal.cancel')}
      confirmLoading={reveal.isPending}
      onOk={submit}
      onCancel={() => {
        reveal.reset();
        onClose();
      }}
    >
      <p>{t('population.reveal.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <FormField id="reveal-reason" label={t('population.reveal.reason')} required errors={error}>
          <textarea
            {...fieldProps('reveal-reason', error)}
            className="native-input native-block"
            rows={3}
            maxLength={500}
            autoFocus
            required
            placeholder={t('population.reveal.reasonPlaceholder')}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setError(undefined);
            }}
          />
        </FormField>
      </form>
      {reveal.isError ? <Alert type="error" role="alert" showIcon message={errorText(reveal.error)} /> : null}
    </Dialog>
  );
}
