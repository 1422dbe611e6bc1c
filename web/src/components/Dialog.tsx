import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './plain';

/**
 * A modal dialog on the browser's own `<dialog>` (styles.css `.dialog`: antd Modal's look): focus
 * kept inside and the page behind inert while it is open, Esc closes, focus returns to where it was.
 * antd's Modal brings rc-dialog, its motion and portal code; a form of a few fields needs none of it.
 * OK / cancel in the footer unless `footer` replaces them.
 */
export function Dialog({
  title,
  children,
  onCancel,
  onOk,
  okText,
  cancelText,
  confirmLoading,
  danger,
  footer,
  width,
}: {
  title: ReactNode;
  children: ReactNode;
  onCancel: () => void;
  onOk?: () => void;
  okText?: string;
  cancelText?: string;
  confirmLoading?: boolean;
  danger?: boolean;
  footer?: ReactNode;
  width?: number;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const cancel = useRef(onCancel);
  cancel.current = onCancel;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const before = document.activeElement as HTMLElement | null;
    // jsdom has no showModal: the dialog is then simply open.
    if (typeof d.showModal === 'function' && !d.open) d.showModal();
    else d.setAttribute('open', '');
    return () => {
      if (typeof d.close === 'function' && d.open) d.close();
      before?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      style={width ? { width: `min(${width}px, calc(100vw - 32px))` } : undefined}
      onCancel={(e) => {
        e.preventDefault();
        cancel.current();
      }}
    >
      <div className="dialog-head">
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <button
          type="button"
          className="dialog-close"
          aria-label={t('dialog.close')}
          onClick={() => cancel.current()}
        >
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <div className="dialog-body">{children}</div>
      <div className="dialog-foot">
        {footer ?? (
          <>
            <Button onClick={() => cancel.current()}>{cancelText ?? t('dialog.cancel')}</Button>
            <Button
              variant="primary"
              className={danger ? 'ui-btn-danger' : undefined}
              loading={confirmLoading}
              onClick={onOk}
            >
              {okText ?? t('dialog.ok')}
            </Button>
          </>
        )}
      </div>
    </dialog>
  );
}
