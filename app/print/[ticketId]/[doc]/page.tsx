import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import QRCode from 'qrcode';
import { CommitmentDoc, NoticeDoc, ReceiptDoc } from '@/components/print/documents';
import { PrintButton } from '@/components/print/print-toolbar';
import { TicketSlip } from '@/components/print/ticket-slip';
import { NotForYouPage, SignInPage, signedInActor } from '@/components/staff-gate';
import type { Messages } from '@/lib/i18n';
import { getMessages } from '@/lib/locale';
import { type PrintDoc, type PrintPaper, type PrintVisit, printParams, printSearch } from '@/server/contracts/print';
import { getServices } from '@/server/registry';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ ticketId: string; doc: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getMessages();
  return { title: t.print.title, robots: { index: false, follow: false } };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function Problem({ text, testId }: { text: string; testId: string }) {
  return (
    <div className="page page-narrow print-problem">
      <section className="card empty-state">
        <p role="alert" data-testid={testId}>
          {text}
        </p>
      </section>
    </div>
  );
}

/** The citizen's link as an absolute address for the QR code, from this request's host when the hall set no public URL. */
async function absolute(url: string): Promise<string> {
  if (/^https?:\/\//.test(url)) return url;
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost';
  const proto = h.get('x-forwarded-proto') ?? 'http';
  return `${proto}://${host}${url}`;
}

const qrOf = async (url: string) => QRCode.toString(await absolute(url), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

/** Which documents this visit has, for the toolbar: only what can be printed is offered. */
function available(visit: PrintVisit): PrintDoc[] {
  const docs: PrintDoc[] = ['slip'];
  if (visit.startedAt && !visit.notice) docs.push('receipt');
  if (visit.notice) docs.push('notice');
  if (visit.conditional.length > 0) docs.push('commitment');
  return docs;
}

function Toolbar({ visit, doc, paper, papers, search, auto, t }: { visit: PrintVisit; doc: PrintDoc; paper: PrintPaper; papers: PrintPaper[]; search: string; auto: boolean; t: Messages }) {
  const base = `/print/${visit.ticketId}`;
  return (
    <nav className="print-toolbar" data-testid="print-toolbar">
      <PrintButton label={t.print.print} auto={auto} />
      <span>
        {t.print.paper}：
        {papers.map((p) => (
          <Link key={p} href={`${base}/${doc}?paper=${p}${search}`} aria-current={p === paper} data-testid={`paper-${p}`} style={{ marginRight: 8 }}>
            {t.print.papers[p]}
          </Link>
        ))}
      </span>
      {available(visit)
        .filter((d) => d !== doc)
        .map((d) => (
          <Link key={d} href={`${base}/${d}`} data-testid={`doc-link-${d}`}>
            {t.print.docs[d]}
          </Link>
        ))}
    </nav>
  );
}

/**
 * One print route for every paper a counter or a volunteer hands a citizen without a phone:
 * /print/{ticketId}/slip|receipt|notice|commitment?paper=58|80|a4. Server-rendered from the
 * visit's own facts, for staff of the ticket's hall; `auto=1` opens the print dialog at once.
 */
export default async function PrintPage({ params, searchParams }: Props) {
  const [raw, query, { t }, actor] = await Promise.all([params, searchParams, getMessages(), signedInActor()]);
  if (!actor) return <SignInPage title={t.print.loginTitle} />;
  const route = printParams.safeParse(raw);
  const search = printSearch.safeParse({ paper: one(query.paper), acceptance: one(query.acceptance), auto: one(query.auto) });
  if (!route.success || !search.success) return <Problem text={t.print.badRequest} testId="print-bad-request" />;
  const visit = await getServices().print.visit(actor, route.data.ticketId);
  if (!visit.ok) {
    if (visit.error.code === 'FORBIDDEN' && actor.role === 'inspector') {
      return <NotForYouPage title={t.print.title} message={t.print.notStaff} name={actor.displayName} testId="print-not-staff" account={actor} />;
    }
    return <Problem text={t.print.notFound} testId="print-not-found" />;
  }
  const v = visit.data;
  const { doc } = route.data;
  const papers: PrintPaper[] = doc === 'slip' ? ['58', '80'] : ['a4', '80', '58'];
  const paper = search.data.paper && papers.includes(search.data.paper) ? search.data.paper : (papers[0] ?? '58');
  const keep = search.data.acceptance ? `&acceptance=${search.data.acceptance}` : '';
  const toolbar = <Toolbar visit={v} doc={doc} paper={paper} papers={papers} search={keep} auto={search.data.auto === '1'} t={t} />;

  let sheet: React.ReactNode;
  if (doc === 'slip') {
    const width = paper === '80' ? '80' : '58';
    const ticket = { number: v.number, serviceName: v.serviceName, ahead: v.ahead, issuedAt: v.issuedAt, qrSvg: await qrOf(v.url) };
    sheet = <TicketSlip hallName={v.hall.name} ticket={ticket} t={t} width={width} reprintedAt={getServices().clock.now().toISOString()} />;
  } else if (doc === 'receipt') {
    if (v.notice) return <Problem text={t.print.refusedNoReceipt} testId="print-unavailable" />;
    if (!v.startedAt) return <Problem text={t.print.notYetServed} testId="print-unavailable" />;
    sheet = <ReceiptDoc visit={v} paper={paper} qrSvg={await qrOf(v.url)} t={t} />;
  } else if (doc === 'notice') {
    if (!v.notice) return <Problem text={t.print.noNotice} testId="print-unavailable" />;
    sheet = <NoticeDoc visit={v} paper={paper} t={t} />;
  } else {
    const wanted = search.data.acceptance;
    const acceptance = wanted ? v.conditional.find((c) => c.id === wanted) : v.conditional[v.conditional.length - 1];
    if (!acceptance) return <Problem text={t.print.noCommitment} testId="print-unavailable" />;
    sheet = <CommitmentDoc visit={v} acceptance={acceptance} paper={paper} t={t} />;
  }
  return (
    <div className="print-page" data-testid="print-page" data-doc={doc}>
      {toolbar}
      <div className="print-paper">{sheet}</div>
    </div>
  );
}
