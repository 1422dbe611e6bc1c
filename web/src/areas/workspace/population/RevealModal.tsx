import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Resident, revealResident } from '../../../api/population';
import { useErrorMessage } from '../../../components/States';

/**
 * "查看完整信息": the clear values of a resident only with a stated reason (PIPL purpose
 * limitation); the API writes the view and the reason to the audit log.
 */
export function RevealModal({
  residentId,
  open,
  onClose,
  onRevealed,
  fields,
}: {
  residentId: string;
  open: boolean;
  onClose: () => void;
  onRevealed: (r: Resident) => void;
  fields?: readonly string[];
}) {
  const { t } = useTranslation();
  const errorText = useErrorMessage();
  const [form] = Form.useForm<{ reason: string }>();
  const reveal = useMutation({
    mutationFn: (reason: string) => revealResident(residentId, reason, fields),
    onSuccess: (r) => {
      form.resetFields();
      onRevealed(r);
    },
  });
  const submit = async () => {
    const { reason } = await form.validateFields();
    reveal.mutate(reason.trim());
  };
  return (
    <Modal
      open={open}
      title={t('population.reveal.title')}
      okText={t('population.reveal.confirm')}
      cancelText={t('population.reveal.cancel')}
      confirmLoading={reveal.isPending}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => {
        reveal.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('population.reveal.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={() => void submit()} requiredMark>
        <Form.Item
          name="reason"
          label={t('population.reveal.reason')}
          rules={[
            {
              required: true,
              whitespace: true,
              min: 4,
              message: t('population.reveal.reasonRequired'),
            },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            autoFocus
            placeholder={t('population.reveal.reasonPlaceholder')}
          />
        </Form.Item>
      </Form>
      {reveal.isError ? <Alert type="error" role="alert" showIcon message={errorText(reveal.error)} /> : null}
    </Modal>
  );
}
