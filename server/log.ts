import pino from 'pino';

/** The process's structured log (JSON lines on stdout): faults, outages, deadlines. */
export const log = pino({ name: 'hallboard' });
