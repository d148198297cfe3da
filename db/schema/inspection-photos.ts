import { customType, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { halls } from './halls';
import { inspectionReports } from './rectification';

/** PostgreSQL's bytea as a Node Buffer; drizzle has no built-in column for it. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  // PGlite hands bytea back as a Uint8Array, postgres.js as a Buffer: one type for the services.
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * 体验员 photos, stored in the database beside their report rather than in a files folder:
 * the same schema works on PostgreSQL and on PGlite, a photo is written in the transaction
 * that checks the report's photo count, backups and restores carry it with its report, and
 * several app processes behind a load balancer all see it. Photos are resized on upload
 * (at most a few hundred KB), so the table stays small.
 */
export const inspectionPhotos = pgTable(
  'inspection_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id').notNull().references(() => inspectionReports.id),
    hallId: uuid('hall_id').notNull().references(() => halls.id),
    /** Always what the server re-encoded, never what the phone claimed. */
    contentType: text('content_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    /** SHA-256 of the uploaded bytes: a retried upload of the same photo is stored once. */
    sourceHash: text('source_hash').notNull(),
    data: bytea('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('inspection_photos_report_idx').on(t.reportId, t.createdAt)],
);
