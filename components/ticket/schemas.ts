/**
 * The wire contracts the ticket page checks the server's answers against. The page
 * imports this module only through `ticketSchema` below's dynamic import, so zod and the
 * contracts stay out of the page's first load (issue 5: ≤ 120 kB) and arrive with the
 * citizen's first command instead.
 */
export { ratingResponse, ticketViewResponse } from '@/server/contracts/api';
export { delayResponse, rejoinResponse } from '@/server/contracts/citizen-ticket-commands';
export { confirmResponse } from '@/server/contracts/conditional';
export { caseCreated } from '@/server/contracts/governance';
