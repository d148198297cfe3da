import { z } from 'zod';
import { priorityClass, ticketStatus } from './api';
import { uuid } from './common';

/** The numbers a volunteer took today, newest first, each with the citizen's link. */
export const issuedByMe = z
  .object({
    tickets: z.array(
      z.object({
        id: uuid,
        number: z.string(),
        serviceId: uuid,
        serviceName: z.string(),
        priorityClass,
        status: ticketStatus,
        issuedAt: z.string(),
        url: z.string(),
      }),
    ),
  })
  .meta({ id: 'IssuedByMe' });

export type IssuedByMe = z.infer<typeof issuedByMe>;
