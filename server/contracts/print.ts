import { z } from 'zod';
import { citizenConditional } from './conditional';
import { citizenNotice } from './governance';
import { uuid } from './common';

/**
 * Printed paper for citizens without a phone, at /print/{ticketId}/{doc}: the ticket slip
 * (补打号票), the receipt of acceptance (受理回执), the one-time notice of an approved
 * refusal (一次性告知书) and the 容缺 commitment (容缺承诺书). Paper: a 58 or 80 mm roll,
 * or A4. Staff of the ticket's hall only; nothing personal is printed but a masked phone,
 * and the citizen writes their own name on paper that needs it.
 */
export const printDoc = z.enum(['slip', 'receipt', 'notice', 'commitment']);
export type PrintDoc = z.infer<typeof printDoc>;

export const printPaper = z.enum(['58', '80', 'a4']);
export type PrintPaper = z.infer<typeof printPaper>;

export const printParams = z.object({ ticketId: uuid, doc: printDoc });
export const printSearch = z.object({
  paper: printPaper.optional(),
  /** Which 容缺 acceptance of the visit, for the commitment (default: the latest). */
  acceptance: uuid.optional(),
  /** Open the print dialog once the page is shown (the console's and tablet's print buttons). */
  auto: z.literal('1').optional(),
});

/** A counter as paper names it: its number and the hall's name for it. */
export const printCounter = z.object({ number: z.number().int(), name: z.string() });
export type PrintCounter = z.infer<typeof printCounter>;

/** Everything the printed documents of one visit may show. */
export const printVisit = z.object({
  ticketId: uuid,
  hall: z.object({ slug: z.string(), name: z.string() }),
  number: z.string(),
  serviceName: z.string(),
  /** The promised time limit from the service guide (承诺时限), as written there. */
  timeLimit: z.string().nullable(),
  status: z.string(),
  /** Ahead in the queue now, while the ticket waits. */
  ahead: z.number().int().nonnegative().nullable(),
  issuedAt: z.string(),
  /** The citizen's own page (a relative path when the hall has no public URL set). */
  url: z.string(),
  /**
   * The counter that handled the visit (its latest ticket started there), else the one
   * calling it now. Paper outlives the call: unlike the citizen's page, which names a
   * counter only while the citizen must go there, a receipt names the counter that acted.
   */
  counterNumber: z.number().int().nullable(),
  counterName: z.string().nullable(),
  /** The counter that asked for the approved refusal (the notice's counter). */
  noticeCounter: printCounter.nullable(),
  /** The counter that recorded each 容缺 acceptance (the commitment's counter). */
  acceptanceCounters: z.array(printCounter.extend({ acceptanceId: uuid })),
  /** Time the visit reached a counter and was handled there. */
  startedAt: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  /** 办件编号 when the visit became a case. */
  caseNo: z.string().nullable(),
  notice: citizenNotice.nullable(),
  conditional: z.array(citizenConditional),
});
export type PrintVisit = z.infer<typeof printVisit>;

/** /print/find?number=A023&paper=58: today's number in the staff member's hall. */
export const printFind = z.object({
  number: z
    .string()
    .trim()
    .regex(/^[A-Za-z]\d{1,4}$/, 'a ticket number such as A023')
    .transform((n) => n.toUpperCase()),
  paper: z.enum(['58', '80']).optional(),
});
