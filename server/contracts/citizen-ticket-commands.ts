import { z } from 'zod';
import { ticketView } from './api';
import { delayResult } from './citizen-ticket';

/** POST /tickets/{token}/delay: the fresh view, and the places before and after the move. */
export const delayResponse = z.object({ ticket: ticketView, delay: delayResult });
/** POST /tickets/{token}/rejoin: the fresh view (waiting again, at the end of the queue). */
export const rejoinResponse = z.object({ ticket: ticketView });
