import { Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyProblem } from './formErrors';

/**
 * A form that creates one record and is then ready for the next: its antd form, `done` (the last
 * one was saved; the page turns it off on the next change) and the mutation's callbacks `saved` —
 * on success the form empties (and `onReset` clears what the page keeps beside it), a refusal
 * shows under the fields named in `known`.
 */
export function useCreateForm<V>(known: readonly string[], onReset?: () => void) {
  const { i18n } = useTranslation();
  const [form] = Form.useForm<V>();
  const [done, setDone] = useState(false);
  return {
    form,
    done,
    setDone,
    saved: {
      onSuccess: () => {
        form.resetFields();
        onReset?.();
        setDone(true);
      },
      onError: (e: unknown) => {
        applyProblem(form, e, i18n.language, { known });
      },
    },
  };
}
