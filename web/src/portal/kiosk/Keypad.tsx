/** @jsxRuntime automatic @jsxImportSource react */
import { useI18n } from '../i18n';
import { kioskStrings } from './strings';

/**
 * A numeric on-screen keypad for a touch terminal without a keyboard: ten digits (and `X` for the
 * last character of an ID number), delete and clear; every key ≥ 72 px. The value is shown in a
 * read-only live region (never a text input, so no system keyboard pops up).
 */
export function Keypad({
  label,
  value,
  onChange,
  max,
  allowX = false,
  mask = false,
  id,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  max: number;
  allowX?: boolean;
  mask?: boolean;
  id: string;
}) {
  const { lang } = useI18n();
  const s = kioskStrings(lang);
  const press = (k: string) => {
    if (value.length >= max) return;
    if (k === 'X' && value.length !== max - 1) return;
    onChange(value + k);
  };
  // An ID number shows as 110101••••••••1234 once typed past its birth date (no reading over a shoulder).
  const shown =
    mask && value.length > 10
      ? `${value.slice(0, 6)}${'•'.repeat(value.length - 10)}${value.slice(-4)}`
      : value;
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', allowX ? 'X' : '', '0'];
  return (
    <div className="k-keypad-wrap">
      <div id={`${id}-label`} className="k-keypad-label">
        {label}
      </div>
      <output
        id={id}
        className="k-display"
        aria-labelledby={`${id}-label`}
        aria-live="polite"
        data-testid={id}
      >
        {shown || '\u00a0'}
        <span className="k-count">
          {value.length}/{max}
        </span>
      </output>
      <div className="k-keypad">
        {keys.map((k) =>
          k ? (
            <button key={k} type="button" className="k-key" onClick={() => press(k)}>
              {k}
            </button>
          ) : (
            <span key="gap" />
          ),
        )}
        <button
          type="button"
          className="k-key k-key-fn"
          onClick={() => onChange(value.slice(0, -1))}
          aria-label={s.del}
        >
          ⌫
        </button>
        <button type="button" className="k-key k-key-fn k-key-wide" onClick={() => onChange('')}>
          {s.clear}
        </button>
      </div>
    </div>
  );
}
