'use client';

import { useEffect, useState } from 'react';
import { apiPost } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { format } from '@/lib/i18n';
import { type InspectionReportView, inspectionReportCreated, scoreKeys } from '@/server/contracts/rectification';
import { useMessages } from '../i18n';
import { LogoutButton } from '../logout-button';
import { type PickedPhoto, PhotoPicker, describePhotoError, uploadPhotos } from './photo-picker';
import { ReportList } from './report-list';

export interface InspectHall {
  slug: string;
  name: string;
  services: Array<{ id: string; name: string }>;
  counters: Array<{ id: string; number: number; name: string }>;
}

type ScoreKey = (typeof scoreKeys)[number];
const levels = [1, 2, 3, 4, 5] as const;

/** The phone's local time as a datetime-local value (minutes). */
function localNow(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

interface Props {
  halls: InspectHall[];
  initialReports: InspectionReportView[];
  me: { displayName: string };
}

/** 体验员's visit report: hall, service, counter, time, five scores, problems found and a summary. */
export function InspectForm({ halls, initialReports, me }: Props) {
  const t = useMessages();
  const i = t.inspect;
  const [hallSlug, setHallSlug] = useState(halls[0]?.slug ?? '');
  const hall = halls.find((h) => h.slug === hallSlug);
  const [serviceId, setServiceId] = useState(hall?.services[0]?.id ?? '');
  const [counterId, setCounterId] = useState('');
  const [visitedAt, setVisitedAt] = useState('');
  const [scores, setScores] = useState<Partial<Record<ScoreKey, number>>>({});
  const [problems, setProblems] = useState<string[]>(['']);
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [reports, setReports] = useState(initialReports);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [progress, setProgress] = useState<string | null>(null);

  // Set on the phone, not on the server: the server's time zone is not the inspector's.
  useEffect(() => setVisitedAt(localNow()), []);

  function chooseHall(slug: string) {
    setHallSlug(slug);
    setServiceId(halls.find((h) => h.slug === slug)?.services[0]?.id ?? '');
    setCounterId('');
  }

  async function submit() {
    if (busy) return;
    setDone(null);
    if (scoreKeys.some((k) => !scores[k])) return setError(i.scoresRequired);
    if (!summary.trim()) return setError(i.summaryRequired);
    setBusy(true);
    setError(null);
    const body = {
      serviceId,
      ...(counterId ? { counterId } : {}),
      visitedAt: new Date(visitedAt || localNow()).toISOString(),
      scores,
      problems: problems.map((p) => p.trim()).filter(Boolean),
      summary: summary.trim(),
    };
    const result = await apiPost(`/api/v1/halls/${encodeURIComponent(hallSlug)}/inspection-reports`, inspectionReportCreated, body);
    if (!result.ok) {
      setBusy(false);
      return setError(describeApiError(result.error, t));
    }
    let report = result.data.report;
    if (photos.length > 0) {
      const total = photos.length;
      setProgress(format(i.uploadingPhotos, { done: 0, total }));
      const up = await uploadPhotos(report.id, photos, (n) => setProgress(format(i.uploadingPhotos, { done: n, total })));
      setProgress(null);
      report = { ...report, photos: [...report.photos, ...up.stored] };
      if (up.failed > 0 && up.lastError) setError(format(i.photosFailed, { n: up.failed, reason: describePhotoError(up.lastError, t) }));
      photos.forEach((p) => URL.revokeObjectURL(p.preview));
      setPhotos([]);
    }
    setBusy(false);
    setDone(report.workOrder ? i.filedWithOrder : i.filed);
    setReports((list) => [report, ...list]);
    setScores({});
    setProblems(['']);
    setSummary('');
  }

  return (
    <div className="inspect" data-testid="inspect-page">
      <header className="inspect-bar">
        <div>
          <h1>{i.title}</h1>
          <p className="muted">{me.displayName}</p>
        </div>
        <LogoutButton />
      </header>

      <form
        className="card inspect-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field-label" htmlFor="inspect-hall">
          {i.hall}
        </label>
        <select id="inspect-hall" className="input" data-testid="inspect-hall" value={hallSlug} onChange={(e) => chooseHall(e.target.value)}>
          {halls.map((h) => (
            <option key={h.slug} value={h.slug}>
              {h.name}
            </option>
          ))}
        </select>
        <label className="field-label" htmlFor="inspect-service">
          {i.service}
        </label>
        <select id="inspect-service" className="input" data-testid="inspect-service" value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
          {hall?.services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <label className="field-label" htmlFor="inspect-counter">
          {i.counter}
        </label>
        <select id="inspect-counter" className="input" data-testid="inspect-counter" value={counterId} onChange={(e) => setCounterId(e.target.value)}>
          <option value="">{i.noCounter}</option>
          {hall?.counters.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <label className="field-label" htmlFor="inspect-visited">
          {i.visitedAt}
        </label>
        <input id="inspect-visited" className="input" type="datetime-local" data-testid="inspect-visited" value={visitedAt} onChange={(e) => setVisitedAt(e.target.value)} />

        <fieldset className="inspect-scores">
          <legend className="field-label">{i.scores}</legend>
          {scoreKeys.map((k) => (
            <div key={k} className="inspect-score" role="radiogroup" aria-label={t.rectification.indicators[k]}>
              <span>{t.rectification.indicators[k]}</span>
              <div className="inspect-levels">
                {levels.map((n) => (
                  <button
                    key={n}
                    type="button"
                    role="radio"
                    aria-checked={scores[k] === n}
                    className={`chip tabular${scores[k] === n ? ' is-selected' : ''}`}
                    data-testid={`score-${k}-${n}`}
                    onClick={() => setScores((s) => ({ ...s, [k]: n }))}
                  >
                    {n}
                  </button>
                ))}
              </div>
            </div>
          ))}
        </fieldset>

        <span className="field-label">{i.problems}</span>
        {problems.map((p, n) => (
          <div key={n} className="inspect-problem">
            <input
              className="input"
              maxLength={300}
              placeholder={i.problemPlaceholder}
              aria-label={`${i.problems} ${n + 1}`}
              data-testid={`inspect-problem-${n}`}
              value={p}
              onChange={(e) => setProblems((list) => list.map((x, j) => (j === n ? e.target.value : x)))}
            />
            {problems.length > 1 ? (
              <button type="button" className="btn btn-ghost btn-small" onClick={() => setProblems((list) => list.filter((_, j) => j !== n))}>
                {i.removeProblem}
              </button>
            ) : null}
          </div>
        ))}
        {problems.length < 20 ? (
          <button type="button" className="btn btn-ghost btn-small inspect-add" data-testid="inspect-add-problem" onClick={() => setProblems((list) => [...list, ''])}>
            {i.addProblem}
          </button>
        ) : null}

        <label className="field-label" htmlFor="inspect-summary">
          {i.summary}
        </label>
        <textarea
          id="inspect-summary"
          className="input"
          rows={3}
          maxLength={2000}
          placeholder={i.summaryPlaceholder}
          data-testid="inspect-summary"
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
        />
        <PhotoPicker photos={photos} onChange={setPhotos} disabled={busy} />
        {progress ? (
          <p className="muted" role="status" data-testid="inspect-photo-progress">
            {progress}
          </p>
        ) : null}
        {error ? (
          <p className="alert alert-error" role="alert" data-testid="inspect-error">
            {error}
          </p>
        ) : null}
        {done ? (
          <p className="alert alert-success" role="status" data-testid="inspect-done">
            {done}
          </p>
        ) : null}
        <button type="submit" className="btn btn-primary btn-lg btn-block" data-testid="inspect-submit" disabled={busy || !serviceId}>
          {busy ? i.submitting : i.submit}
        </button>
      </form>

      <ReportList reports={reports} />
    </div>
  );
}
