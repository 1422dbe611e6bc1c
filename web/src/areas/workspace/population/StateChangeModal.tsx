import { Alert } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isParked, type Resident, useStateChange } from '../../../api/population';
import { Dialog } from '../../../components/Dialog';
import { FormField, fieldProps, useFieldErrors } from '../../../components/FormField';
import { useErrorMessage } from '../../../components/States';
import { chinaDay } from '../../../time';
import { topField } from './common';

/** 迁出 or 死亡 of a resident: the date (not after today) and, for a move, where to. */
export function StateChangeModal({
  kind,
  resident,
  onClose,
  onDone,
}: {
  kind: 'move-out' | 'death';
  resident: Resident;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorMessage();
  const [date, setDate] = useState('');
  const [destination, setDestination] = useState('');
  const { errors, setErrors, clear, fromProblem } = useFieldErrors();
  const change = useStateChange(resident.id);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    if (!date) return setErrors({ date: [t('population.change.dateRequired')] });
    if (date > chinaDay()) return setErrors({ date: [t('population.change.dateFuture')] });
    setProblem(null);
    try {
      const r = await change.mutateAsync({
        kind,
        date,
        ...(destination.trim() ? { destination: destination.trim() } : {}),
        version: resident.version,
      });
      onDone(isParked(r) ? t('population.detail.parked') : t('population.change.done'));
      onClose();
    } catch (err) {
      fromProblem(err, i18n.language, { known: ['date', 'destination'], rename: topField });
      setProblem(errorText(err));
    }
  };
  return (
    <Dialog
      title={kind === 'move-out' ? t('population.change.moveOutTitle') : t('population.change.deathTitle')}
      okText={t('population.change.confirm')}
      danger
      cancelText={t('population.common.cancel')}
      confirmLoading={change.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <p>{t('population.change.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <FormField id="change-date" label={t('population.change.date')} required errors={errors.date}>
          <input
            {...fieldProps('change-date', errors.date)}
            type="date"
            className="native-input native-block"
            required
            max={chinaDay()}
            value={date}
            onChange={(e) => {
              setDate(e.target.value);
              clear('date');
            }}
          />
        </FormField>
        {kind === 'move-out' ? (
          <FormField
            id="change-destination"
            label={t('population.change.destination')}
            errors={errors.destination}
          >
            <input
              {...fieldProps('change-destination', errors.destination)}
              className="native-input native-block"
              maxLength={100}
              placeholder={t('population.change.destinationPlaceholder')}
              value={destination}
              onChange={(e) => {
                setDestination(e.target.value);
                clear('destination');
              }}
            />
          </FormField>
        ) : null}
      </form>
      {problem ? <Alert type="error" role="alert" showIcon message={problem} /> : null}
    </Dialog>
  );
}
