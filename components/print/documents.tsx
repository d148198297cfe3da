import { type Messages, format } from '@/lib/i18n';
import { calendarDay, shortTime } from '@/lib/time';
import type { CitizenConditional } from '@/server/contracts/conditional';
import type { PrintCounter, PrintPaper, PrintVisit } from '@/server/contracts/print';
import './print.css';

type DocPaper = PrintPaper;

const dateText = (at: string) => {
  const d = calendarDay(at);
  return `${d.year}年${d.month}月${d.day}日`;
};
const dateTimeText = (at: string) => `${dateText(at)} ${shortTime(at)}`;

function Sheet({ paper, testId, children }: { paper: DocPaper; testId: string; children: React.ReactNode }) {
  return (
    <article className={`doc doc-${paper}`} data-testid={testId} data-paper={paper}>
      {children}
    </article>
  );
}

function Head({ visit, title, t }: { visit: PrintVisit; title: string; t: Messages }) {
  return (
    <>
      <p className="doc-hall">{visit.hall.name}</p>
      <h1>{title}</h1>
      <p className="doc-ref tabular">{format(t.print.ref, { number: visit.caseNo ?? visit.number })}</p>
    </>
  );
}

/**
 * The facts of a document as label and value. A fact that only some visits have (a case
 * number, a phone, a time limit in the guide) is left out when this visit has none; a fact
 * every visit has still shows "—" if it is missing, so a gap on paper is seen, not hidden.
 */
type Fact = { label: string; value: string | null; testId?: string; optional?: boolean };

function Facts({ rows }: { rows: Fact[] }) {
  return (
    <dl className="doc-facts">
      {rows
        .filter((row) => row.value !== null || !row.optional)
        .map(({ label, value, testId }) => (
          <div key={label} style={{ display: 'contents' }}>
            <dt>{label}</dt>
            <dd data-testid={testId}>{value ?? '—'}</dd>
          </div>
        ))}
    </dl>
  );
}

/** "3号综合窗口" as the hall names it; the number is added where the name lacks it. */
function counterText(counter: PrintCounter | null, t: Messages): string | null {
  if (!counter) return null;
  const name = counter.name.trim();
  if (!name) return format(t.print.counterValue, { n: counter.number });
  return name.startsWith(String(counter.number)) ? name : format(t.print.counterNamed, { n: counter.number, name });
}

const handledBy = (visit: PrintVisit): PrintCounter | null =>
  visit.counterNumber === null ? null : { number: visit.counterNumber, name: visit.counterName ?? '' };

/** 受理回执: the application was accepted at a counter; how to follow it. */
export function ReceiptDoc({ visit, paper, qrSvg, t }: { visit: PrintVisit; paper: DocPaper; qrSvg: string | null; t: Messages }) {
  const m = t.print.receipt;
  return (
    <Sheet paper={paper} testId="doc-receipt">
      <Head visit={visit} title={m.title} t={t} />
      <Facts
        rows={[
          { label: t.print.service, value: visit.serviceName },
          { label: t.print.number, value: visit.number },
          { label: t.print.counter, value: counterText(handledBy(visit), t), testId: 'doc-counter' },
          { label: t.print.handledAt, value: visit.startedAt ? dateTimeText(visit.startedAt) : null },
          { label: t.print.caseNo, value: visit.caseNo, optional: true },
          { label: t.print.timeLimit, value: visit.timeLimit, optional: true },
          { label: t.print.phone, value: visit.phoneMasked, optional: true },
        ]}
      />
      <p>{m.body}</p>
      {visit.caseNo ? <p>{m.track}</p> : null}
      {qrSvg ? (
        <>
          <div className="slip-qr" style={{ margin: '0 auto' }} dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <p style={{ textAlign: 'center' }}>{m.scan}</p>
        </>
      ) : null}
      <div className="doc-sign">
        <p>
          {m.applicant}：<span className="doc-line" />
        </p>
        <p>
          {m.clerk}：<span className="doc-line" />
        </p>
        <p>
          {m.date}：{visit.startedAt ? dateText(visit.startedAt) : <span className="doc-line" />}
        </p>
        <p>{m.seal}</p>
      </div>
    </Sheet>
  );
}

/** 一次性告知书: an approved refusal, everything the citizen needs, said once. */
export function NoticeDoc({ visit, paper, t }: { visit: PrintVisit; paper: DocPaper; t: Messages }) {
  const m = t.print.notice;
  const notice = visit.notice;
  if (!notice) return null;
  return (
    <Sheet paper={paper} testId="doc-notice">
      <Head visit={visit} title={m.title} t={t} />
      <p>{format(m.intro, { service: visit.serviceName })}</p>
      <h2>{m.reason}</h2>
      <p data-testid="doc-notice-reason">{notice.reason}</p>
      <h2>{m.basis}</h2>
      <p>{notice.legalBasis}</p>
      <h2>{m.items}</h2>
      <ol data-testid="doc-notice-items">
        {notice.items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ol>
      <p>{m.closing}</p>
      <Facts
        rows={[
          { label: t.print.number, value: visit.number },
          { label: t.print.counter, value: counterText(visit.noticeCounter ?? handledBy(visit), t), testId: 'doc-counter' },
          { label: m.decidedAt, value: dateText(notice.decidedAt) },
        ]}
      />
      <div className="doc-sign">
        <p>
          {m.receivedBy}：<span className="doc-line" />
        </p>
        <p>
          {m.date}：<span className="doc-line" />
        </p>
        <p>{m.seal}</p>
      </div>
    </Sheet>
  );
}

/** 容缺受理承诺书: what is missing, by when, and the citizen's signature. */
export function CommitmentDoc({ visit, acceptance, paper, t }: { visit: PrintVisit; acceptance: CitizenConditional; paper: DocPaper; t: Messages }) {
  const m = t.print.commitment;
  const [year, month, day] = acceptance.deadlineDay.split('-');
  const deadline = `${year}年${month}月${day}日`;
  const accepted = visit.acceptanceCounters.find((c) => c.acceptanceId === acceptance.id) ?? null;
  return (
    <Sheet paper={paper} testId="doc-commitment">
      <Head visit={{ ...visit, caseNo: acceptance.caseNo ?? visit.caseNo }} title={m.title} t={t} />
      <p>{format(m.intro, { service: acceptance.serviceName })}</p>
      <ol data-testid="doc-commitment-items">
        {acceptance.missingItems.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ol>
      <p data-testid="doc-commitment-promise">{format(m.promise, { deadline })}</p>
      <Facts
        rows={[
          { label: m.deadline, value: deadline },
          { label: t.print.number, value: visit.number },
          { label: t.print.counter, value: counterText(accepted ?? handledBy(visit), t), testId: 'doc-counter' },
          { label: t.print.caseNo, value: acceptance.caseNo, optional: true },
        ]}
      />
      <div className="doc-sign" data-testid="doc-signature">
        <p>
          {m.signer}：<span className="doc-line" />
        </p>
        <p>
          {m.idNumber}：<span className="doc-line" />
        </p>
        <p>
          {m.phone}：<span className="doc-line" />
        </p>
        <p>
          {m.date}：<span className="doc-line" />
        </p>
        <p>
          {m.clerk}：<span className="doc-line" />
        </p>
      </div>
      <p className="doc-foot">{m.privacy}</p>
    </Sheet>
  );
}
