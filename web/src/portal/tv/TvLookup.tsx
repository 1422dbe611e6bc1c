/** @jsxRuntime automatic @jsxImportSource react */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { type CaseStatusView, caseNumberOf, kioskCall, kioskStrings } from '../kiosk/strings';
import { pick } from '../services/api';

/**
 * The TV's 办件查询: the case number, then the last 4 digits of the applicant's mobile, entered on
 * an on-screen keypad the remote's arrows move over (OK presses a key; the remote's digit keys
 * work too). Answers the status only, and only when the mobile digits match.
 */
export default function TvLookup({ slug }: { slug: string }) {
  const { lang } = useI18n();
  const s = kioskStrings(lang);
  const [number, setNumber] = useState('');
  const [mobile4, setMobile4] = useState('');
  const [stage, setStage] = useState<'number' | 'mobile'>('number');
  const [result, setResult] = useState<CaseStatusView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const value = stage === 'number' ? number : mobile4;
  const max = stage === 'number' ? 18 : 4;
  const set = stage === 'number' ? setNumber : setMobile4;
  const press = (k: string) => {
    setResult(null);
    setError(null);
    if (k === 'del') set(value.slice(0, -1));
    else if (value.length < max) set(value + k);
  };
  // Each stage starts on the keypad's first key (the remote needs a focused element).
  useEffect(() => {
    if (stage) document.querySelector<HTMLElement>('.p-tv-keypad button')?.focus();
  }, [stage]);
  useEffect(() => {
    const onDigit = (e: KeyboardEvent) => {
      if (/^\d$/.test(e.key)) press(e.key);
    };
    window.addEventListener('keydown', onDigit);
    return () => window.removeEventListener('keydown', onDigit);
  });
  const submit = async () => {
    if (stage === 'number') {
      setStage('mobile');
      return;
    }
    try {
      setResult(
        await kioskCall<CaseStatusView>(
          `/kiosk/v1/${encodeURIComponent(slug)}/status?number=${encodeURIComponent(caseNumberOf(number))}&mobile4=${mobile4}`,
          { lang },
        ),
      );
    } catch {
      setError(s.notFound);
    }
  };
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'del', '0'];
  return (
    <div className="p-tv-lookup">
      <div>
        <p id="tv-lookup-label">{stage === 'number' ? s.caseNumber : s.mobile4}</p>
        <output className="p-tv-display" aria-labelledby="tv-lookup-label" data-testid="tv-lookup-value">
          {value || '\u00a0'}
        </output>
        <div className="p-tv-keypad">
          {keys.map((k) => (
            <button
              key={k}
              type="button"
              className="p-tv-key"
              onClick={() => press(k)}
              aria-label={k === 'del' ? s.del : k}
            >
              {k === 'del' ? '⌫' : k}
            </button>
          ))}
          <button
            type="button"
            className="p-tv-key p-tv-key-go"
            disabled={value.length !== max}
            onClick={() => void submit()}
          >
            {stage === 'number' ? s.next : s.search}
          </button>
        </div>
        {stage === 'mobile' ? (
          <button
            type="button"
            className="p-tv-btn"
            onClick={() => {
              setStage('number');
              setMobile4('');
              setResult(null);
            }}
          >
            {s.back}
          </button>
        ) : null}
      </div>
      <div aria-live="polite">
        {error ? <p className="p-tv-error">{error}</p> : null}
        {result ? (
          <section className="p-tv-result" data-testid="tv-status">
            <h2>{result.number}</h2>
            <p>{pick(result.service, lang)}</p>
            <p>
              {s.status}：<strong>{s.statusNames[result.status]}</strong>
            </p>
            {result.step && !result.closedOn ? (
              <p>
                {s.step}：{pick(result.step, lang)}
              </p>
            ) : null}
            <p>
              {s.receiptDue}：{result.due}
            </p>
          </section>
        ) : null}
      </div>
    </div>
  );
}
