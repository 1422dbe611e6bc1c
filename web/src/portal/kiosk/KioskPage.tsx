/** @jsxRuntime automatic @jsxImportSource react */
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { when } from '../../time';
import { useI18n } from '../i18n';
import type { PageProps } from '../router';
import {
  type CasePrefill,
  newIdempotencyKey,
  pick,
  publicGuide,
  type ServiceDefinition,
  type ServiceSummary,
} from '../services/api';
import { type Draft, type FieldErrors, formBody, ServiceForm, validateForm } from '../services/ServiceForm';
import { Keypad } from './Keypad';
import { type CaseStatusView, caseNumberOf, fill, kioskCall, kioskStrings } from './strings';
import './kiosk.css';

/** Seconds of no touch before the terminal signs out and forgets everything. */
export const DEFAULT_IDLE_SECONDS = 60;
/** The warning shows this many seconds before. */
const WARN_SECONDS = 10;

/** `?idle=90` configures the terminal (10–600 s); the default is 60 s. */
export const idleSecondsOf = (search: string): number => {
  const n = Number(new URLSearchParams(search).get('idle'));
  return Number.isInteger(n) && n >= 10 && n <= 600 ? n : DEFAULT_IDLE_SECONDS;
};

interface Receipt {
  number: string;
  service: { zh: string; en: string };
  filedAt: string;
  due: string;
  hotline: string;
}

type Screen =
  | { kind: 'welcome'; note?: string }
  | { kind: 'id'; value: string; error?: string }
  | { kind: 'code'; challenge: string; value: string; error?: string }
  | { kind: 'menu' }
  | { kind: 'form'; def: ServiceDefinition; prefill: CasePrefill | null; blocked?: string }
  | { kind: 'receipt'; receipt: Receipt }
  | {
      kind: 'lookup';
      own: boolean;
      number: string;
      mobile4: string;
      stage: 'number' | 'mobile';
      result?: CaseStatusView;
      error?: string;
    };

const ID = /^\d{17}[\dX]$/;

/**
 * `/t/:slug/kiosk`: the self-service terminal (module `channel-kiosk`). Full screen, touch only:
 * sign in with the ID number and a code texted to the mobile on record (on-screen keypad), choose a
 * service offered in the `kiosk` channel, fill its form (the record prefills), print the receipt;
 * or look a case up by number. Nothing is stored in the browser: the session lives in this
 * component's state, and after `?idle=` seconds (60 by default) without a touch everything is
 * dropped and the welcome screen returns.
 */
export default function KioskPage({ params, search }: PageProps<undefined>) {
  const slug = params.slug ?? '';
  const { lang } = useI18n();
  const s = kioskStrings(lang);
  const base = `/kiosk/v1/${encodeURIComponent(slug)}`;
  const idleSeconds = idleSecondsOf(search);
  const [screen, setScreen] = useState<Screen>({ kind: 'welcome' });
  const [session, setSession] = useState<{ token: string; name: string } | null>(null);
  const [services, setServices] = useState<ServiceSummary[] | null>(null);
  const [district, setDistrict] = useState('');
  const [left, setLeft] = useState(idleSeconds);
  const last = useRef(Date.now());
  const busy = useRef(false);

  /** Drops every trace of the session: token, answers, results; back to the welcome screen. */
  const reset = useCallback((note?: string) => {
    setSession(null);
    setServices(null);
    setScreen(note ? { kind: 'welcome', note } : { kind: 'welcome' });
    try {
      sessionStorage.clear();
    } catch {
      // private mode: nothing was stored
    }
    window.getSelection?.()?.removeAllRanges();
    last.current = Date.now();
  }, []);

  useEffect(() => {
    document.documentElement.classList.add('kiosk-full');
    fetch(`/api/public/districts/${encodeURIComponent(slug)}`)
      .then((r) => (r.ok ? r.json() : null))
      .then((d: { name?: string } | null) => d?.name && setDistrict(d.name))
      .catch(() => {});
    return () => document.documentElement.classList.remove('kiosk-full');
  }, [slug]);

  // Idle timer: any touch, click or key resets it; at 0 the session is gone.
  useEffect(() => {
    const touch = () => {
      last.current = Date.now();
    };
    const events = ['pointerdown', 'touchstart', 'keydown', 'input'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    const id = window.setInterval(() => {
      const remaining = idleSeconds - Math.floor((Date.now() - last.current) / 1000);
      setLeft(remaining);
      if (remaining <= 0) reset(s.idleOut);
    }, 500);
    return () => {
      for (const e of events) window.removeEventListener(e, touch);
      window.clearInterval(id);
    };
  }, [idleSeconds, reset, s.idleOut]);

  const headers = session ? { 'X-Kiosk-Session': session.token } : undefined;
  const call = <R,>(
    path: string,
    opts: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> } = {},
  ) => kioskCall<R>(`${base}${path}`, { ...opts, headers: { ...headers, ...opts.headers }, lang });

  const active = screen.kind !== 'welcome';
  // The warning's share of a short timeout is smaller, so a terminal set to 15 s stays usable.
  const warn = active && left <= Math.min(WARN_SECONDS, Math.floor(idleSeconds / 3)) && left > 0;

  return (
    <div className="k-root" data-testid="kiosk" data-screen={screen.kind}>
      <header className="k-header">
        <h1>{fill(s.kioskTitle, { district })}</h1>
        {session ? (
          <div className="k-user">
            <span>{fill(s.hello, { name: session.name })}</span>
            <button type="button" className="k-btn k-btn-quiet" onClick={() => reset()}>
              {s.signOut}
            </button>
          </div>
        ) : null}
      </header>
      {warn ? (
        <div className="k-idle" role="alertdialog" aria-live="assertive" aria-label={s.stay}>
          <p>{fill(s.idleWarning, { seconds: left })}</p>
          <button type="button" className="k-btn k-btn-primary" onClick={() => (last.current = Date.now())}>
            {s.stay}
          </button>
        </div>
      ) : null}
      <main className="k-main">
        {screen.kind === 'welcome' ? (
          <div className="k-welcome">
            {screen.note ? (
              <p className="k-note" role="status">
                {screen.note}
              </p>
            ) : null}
            <button type="button" className="k-tile" onClick={() => setScreen({ kind: 'id', value: '' })}>
              <strong>{s.start}</strong>
              <span>{s.startHint}</span>
            </button>
            <button
              type="button"
              className="k-tile"
              onClick={() =>
                setScreen({ kind: 'lookup', own: false, number: '', mobile4: '', stage: 'number' })
              }
            >
              <strong>{s.lookup}</strong>
              <span>{s.lookupHint}</span>
            </button>
          </div>
        ) : null}

        {screen.kind === 'id' ? (
          <Step
            onBack={() => reset()}
            next={s.next}
            nextDisabled={!ID.test(screen.value)}
            onNext={async () => {
              if (busy.current) return;
              busy.current = true;
              try {
                const r = await call<{ challenge: string }>('/code', {
                  method: 'POST',
                  body: { idNumber: screen.value },
                });
                setScreen({ kind: 'code', challenge: r.challenge, value: '' });
              } catch (e) {
                setScreen({
                  ...screen,
                  error: (e as { status?: number }).status === 400 ? s.invalidId : s.failed,
                });
              } finally {
                busy.current = false;
              }
            }}
            error={screen.error}
          >
            <Keypad
              id="kiosk-id"
              label={s.idNumber}
              value={screen.value}
              max={18}
              allowX
              mask
              onChange={(v) => setScreen({ kind: 'id', value: v })}
            />
          </Step>
        ) : null}

        {screen.kind === 'code' ? (
          <Step
            onBack={() => reset()}
            next={s.signIn}
            nextDisabled={screen.value.length !== 6}
            error={screen.error}
            onNext={async () => {
              try {
                const r = await call<{ token: string; name: string }>('/session', {
                  method: 'POST',
                  body: { challenge: screen.challenge, code: screen.value },
                });
                setSession({ token: r.token, name: r.name });
                setScreen({ kind: 'menu' });
                const list = await kioskCall<{ items: ServiceSummary[] }>(
                  `/api/public/districts/${encodeURIComponent(slug)}/services?channel=kiosk`,
                  { lang },
                );
                setServices(list.items);
              } catch (e) {
                setScreen({ ...screen, value: '', error: (e as Error).message || s.failed });
              }
            }}
          >
            <p className="k-hint">{s.codeSent}</p>
            <Keypad
              id="kiosk-code"
              label={s.code}
              value={screen.value}
              max={6}
              onChange={(v) => setScreen({ ...screen, value: v })}
            />
          </Step>
        ) : null}

        {screen.kind === 'menu' && session ? (
          <div className="k-menu">
            <h2>{s.chooseService}</h2>
            {services === null ? (
              <p role="status">…</p>
            ) : services.length === 0 ? (
              <p>{s.noServices}</p>
            ) : (
              <ul className="k-services">
                {services.map((svc) => (
                  <li key={svc.code}>
                    <button
                      type="button"
                      className="k-tile k-tile-small"
                      onClick={async () => {
                        try {
                          const [guide, prefill] = await Promise.all([
                            publicGuide(slug, svc.code),
                            call<{
                              form: CasePrefill['form'];
                              prefilled: string[];
                              eligible: boolean;
                              issues: { zh: string; en: string }[];
                            }>(`/services/${encodeURIComponent(svc.code)}/prefill`),
                          ]);
                          const def = guide.service as ServiceDefinition;
                          const needsFile = def.fields.some((f) => f.type === 'file' && f.required !== false);
                          setScreen({
                            kind: 'form',
                            def,
                            prefill: {
                              form: prefill.form,
                              prefilled: prefill.prefilled,
                            } as unknown as CasePrefill,
                            ...(needsFile
                              ? {
                                  blocked:
                                    lang === 'en'
                                      ? 'This service needs uploaded materials: please use the counter.'
                                      : '该事项需要上传材料，请到窗口办理。',
                                }
                              : !prefill.eligible
                                ? {
                                    blocked: `${s.notEligible}：${prefill.issues.map((i) => pick(i, lang)).join('；')}`,
                                  }
                                : {}),
                          });
                        } catch {
                          setScreen({ kind: 'welcome', note: s.failed });
                        }
                      }}
                    >
                      <strong>{pick(svc.name, lang)}</strong>
                      <span>{pick(svc.summary, lang)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <div className="k-actions">
              <button
                type="button"
                className="k-btn"
                onClick={() =>
                  setScreen({ kind: 'lookup', own: true, number: '', mobile4: '', stage: 'number' })
                }
              >
                {s.myCase}
              </button>
            </div>
          </div>
        ) : null}

        {screen.kind === 'form' ? (
          <KioskForm
            def={screen.def}
            prefill={screen.prefill}
            blocked={screen.blocked}
            onBack={() => setScreen({ kind: 'menu' })}
            submit={(form, key) =>
              call<Receipt>('/cases', {
                method: 'POST',
                body: { service: screen.def.code, form },
                headers: { 'Idempotency-Key': key },
              })
            }
            onFiled={(receipt) => setScreen({ kind: 'receipt', receipt })}
          />
        ) : null}

        {screen.kind === 'receipt' ? (
          <div className="k-receipt-wrap">
            <section className="k-receipt" aria-labelledby="k-receipt-title" data-testid="kiosk-receipt">
              <h2 id="k-receipt-title">
                {district} · {s.receipt}
              </h2>
              <dl>
                <dt>{s.receiptNumber}</dt>
                <dd className="k-receipt-number">{screen.receipt.number}</dd>
                <dt>{s.receiptService}</dt>
                <dd>{pick(screen.receipt.service, lang)}</dd>
                <dt>{s.receiptFiled}</dt>
                <dd>{when(screen.receipt.filedAt, lang)}</dd>
                <dt>{s.receiptDue}</dt>
                <dd>{screen.receipt.due}</dd>
              </dl>
              <p>{fill(s.receiptNote, { hotline: screen.receipt.hotline })}</p>
            </section>
            <div className="k-actions k-no-print">
              <button type="button" className="k-btn k-btn-primary" onClick={() => window.print()}>
                {s.print}
              </button>
              <button type="button" className="k-btn" onClick={() => setScreen({ kind: 'menu' })}>
                {s.done}
              </button>
            </div>
          </div>
        ) : null}

        {screen.kind === 'lookup' ? (
          <Step
            onBack={() => (screen.own && session ? setScreen({ kind: 'menu' }) : reset())}
            next={screen.stage === 'number' && !screen.own ? s.next : s.search}
            nextDisabled={
              screen.stage === 'number' ? screen.number.length !== 18 : screen.mobile4.length !== 4
            }
            error={screen.error}
            onNext={async () => {
              if (screen.stage === 'number' && !screen.own) {
                setScreen({ ...screen, stage: 'mobile', error: undefined });
                return;
              }
              const number = caseNumberOf(screen.number);
              try {
                const result = screen.own
                  ? await call<CaseStatusView>(`/cases/${encodeURIComponent(number)}`)
                  : await call<CaseStatusView>(
                      `/status?number=${encodeURIComponent(number)}&mobile4=${screen.mobile4}`,
                    );
                setScreen({ ...screen, result, error: undefined });
              } catch {
                setScreen({ ...screen, result: undefined, error: s.notFound });
              }
            }}
          >
            {screen.stage === 'number' ? (
              <Keypad
                id="kiosk-case"
                label={s.caseNumber}
                value={screen.number}
                max={18}
                onChange={(v) => setScreen({ ...screen, number: v, result: undefined })}
              />
            ) : (
              <Keypad
                id="kiosk-mobile4"
                label={s.mobile4}
                value={screen.mobile4}
                max={4}
                onChange={(v) => setScreen({ ...screen, mobile4: v, result: undefined })}
              />
            )}
            {screen.result ? <StatusCard c={screen.result} /> : null}
          </Step>
        ) : null}
      </main>
    </div>
  );
}

function StatusCard({ c }: { c: CaseStatusView }) {
  const { lang } = useI18n();
  const s = kioskStrings(lang);
  return (
    <section className="k-status" data-testid="kiosk-status" aria-live="polite">
      <h3>{c.number}</h3>
      <p>{pick(c.service, lang)}</p>
      <p>
        {s.status}：<strong>{s.statusNames[c.status]}</strong>
      </p>
      {c.step && !c.closedOn ? (
        <p>
          {s.step}：{pick(c.step, lang)}
        </p>
      ) : null}
      <p>
        {s.receiptDue}：{c.due}
      </p>
    </section>
  );
}

function Step({
  children,
  onBack,
  onNext,
  next,
  nextDisabled,
  error,
}: {
  children: ReactNode;
  onBack: () => void;
  onNext: () => void | Promise<void>;
  next: string;
  nextDisabled: boolean;
  error?: string | undefined;
}) {
  const { lang } = useI18n();
  const s = kioskStrings(lang);
  return (
    <div className="k-step">
      {children}
      {error ? (
        <p className="k-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="k-actions">
        <button type="button" className="k-btn" onClick={onBack}>
          {s.back}
        </button>
        <button
          type="button"
          className="k-btn k-btn-primary"
          disabled={nextDisabled}
          onClick={() => void onNext()}
        >
          {next}
        </button>
      </div>
    </div>
  );
}

function KioskForm({
  def,
  prefill,
  blocked,
  onBack,
  submit,
  onFiled,
}: {
  def: ServiceDefinition;
  prefill: CasePrefill | null;
  blocked?: string | undefined;
  onBack: () => void;
  submit: (form: Record<string, unknown>, key: string) => Promise<Receipt>;
  onFiled: (r: Receipt) => void;
}) {
  const { lang, t } = useI18n();
  const s = kioskStrings(lang);
  // No uploads at a kiosk (no scanner yet): file fields are left out (a required one blocks above).
  const fields = def.fields.filter((f) => f.type !== 'file');
  const [draft, setDraft] = useState<Draft>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const prefilled = prefill?.prefilled ?? [];
  return (
    <div className="k-form">
      <h2>{pick(def.name, lang)}</h2>
      {blocked ? (
        <p className="k-error" role="alert">
          {blocked}
        </p>
      ) : (
        <>
          {prefilled.length ? <p className="k-hint">{s.prefilled}</p> : null}
          <ServiceForm
            fields={fields}
            draft={draft}
            errors={errors}
            prefilled={prefilled}
            prefillValues={(prefill?.form ?? {}) as Record<string, unknown>}
            onChange={(k, v) => {
              setDraft((d) => ({ ...d, [k]: v }));
              key.current = newIdempotencyKey();
            }}
            upload={() => Promise.reject(new Error('no uploads at a kiosk'))}
          />
          {failed ? (
            <p className="k-error" role="alert">
              {failed}
            </p>
          ) : null}
        </>
      )}
      <div className="k-actions">
        <button type="button" className="k-btn" onClick={onBack}>
          {s.back}
        </button>
        {blocked ? null : (
          <button
            type="button"
            className="k-btn k-btn-primary"
            disabled={sending}
            onClick={async () => {
              const errs = validateForm(fields, draft, t, { prefilled });
              setErrors(errs);
              if (Object.keys(errs).length) return;
              setSending(true);
              setFailed(null);
              try {
                onFiled(await submit(formBody(fields, draft, prefilled), key.current));
              } catch (e) {
                setFailed((e as Error).message || s.failed);
              } finally {
                setSending(false);
              }
            }}
          >
            {sending ? s.submitting : s.submit}
          </button>
        )}
      </div>
    </div>
  );
}
