import { createHash } from 'node:crypto';
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../db/client';
import { inspectionPhotos, inspectionReports } from '../../../db/schema';
import { type InspectionPhotoView, type PhotoUploadBody, photoLimits } from '../../contracts/inspection-photos';
import { sniffImageType } from '../../domain/image-type';
import { type StaffActor, actorId } from '../actors';
import type { RunCommand } from '../command';
import { type Result, fail, ok, refuse } from '../result';
import { resizePhoto } from './photo-resize';

export const photoUrl = (id: string) => `/api/v1/inspection-photos/${id}`;

/** Who sees a report's photos: the hall's clerks, leaders and admins, and the inspector who took them. */
const hallRoles = new Set(['staff', 'leader', 'admin']);

/** The photos of these reports, oldest first, without their bytes. */
export async function photosOf(db: DbOrTx, reportIds: string[]): Promise<Map<string, InspectionPhotoView[]>> {
  const byReport = new Map<string, InspectionPhotoView[]>();
  if (reportIds.length === 0) return byReport;
  const rows = await db
    .select({ id: inspectionPhotos.id, reportId: inspectionPhotos.reportId, width: inspectionPhotos.width, height: inspectionPhotos.height })
    .from(inspectionPhotos)
    .where(inArray(inspectionPhotos.reportId, reportIds))
    .orderBy(asc(inspectionPhotos.createdAt), asc(inspectionPhotos.id));
  for (const r of rows) {
    const list = byReport.get(r.reportId) ?? [];
    list.push({ id: r.id, url: photoUrl(r.id), width: r.width, height: r.height });
    byReport.set(r.reportId, list);
  }
  return byReport;
}

/** 体验员 photos: attached by the report's inspector, resized on upload, shown in the work order. */
export function createInspectionPhotoService({ db, runCommand }: { db: Db; runCommand: RunCommand }) {
  async function attach(actor: StaffActor, reportId: string, body: PhotoUploadBody): Promise<Result<{ photo: InspectionPhotoView }>> {
    if (actor.role !== 'inspector') return fail('FORBIDDEN', 'Only inspectors attach photos to visit reports');
    const [report] = await db
      .select({ id: inspectionReports.id, hallId: inspectionReports.hallId, inspectorId: inspectionReports.inspectorId })
      .from(inspectionReports)
      .where(eq(inspectionReports.id, reportId));
    if (!report) return fail('NOT_FOUND', 'Report not found');
    if (report.inspectorId !== actor.id) return fail('FORBIDDEN', 'Only the inspector who filed the report attaches photos to it');
    const input = Buffer.from(body.image, 'base64');
    if (input.length > photoLimits.maxUploadBytes) {
      return fail('VALIDATION', `image: at most ${photoLimits.maxUploadBytes} bytes`, { reason: 'photo_too_large', details: { maxBytes: photoLimits.maxUploadBytes } });
    }
    if (!sniffImageType(input)) return fail('VALIDATION', 'image: not a JPEG, PNG or WebP photo', { reason: 'photo_type' });
    // Decoding takes a moment; it runs before the transaction so no row stays locked meanwhile.
    const resized = await resizePhoto(input);
    if (!resized) return fail('VALIDATION', 'image: the file does not decode as a photo', { reason: 'photo_unreadable' });
    const sourceHash = createHash('sha256').update(input).digest('base64url');

    const stored = await runCommand(
      { actor: actorId(actor), hallId: report.hallId, request: { op: 'inspection.attach-photo', reportId, sourceHash } },
      async ({ tx, now, emit }) => {
        // Uploads to one report queue on its row, so two at once cannot pass the count together.
        await tx.select({ id: inspectionReports.id }).from(inspectionReports).where(eq(inspectionReports.id, reportId)).for('update');
        const existing = await tx
          .select({ id: inspectionPhotos.id, width: inspectionPhotos.width, height: inspectionPhotos.height, sourceHash: inspectionPhotos.sourceHash })
          .from(inspectionPhotos)
          .where(eq(inspectionPhotos.reportId, reportId));
        // A retried upload (the phone lost the answer) is the photo already stored, not a second one.
        const same = existing.find((p) => p.sourceHash === sourceHash);
        if (same) return same;
        if (existing.length >= photoLimits.perReport) {
          refuse('CONFLICT', `A report carries at most ${photoLimits.perReport} photos`, { reason: 'photo_count', details: { max: photoLimits.perReport } });
        }
        const [row] = await tx
          .insert(inspectionPhotos)
          .values({
            reportId,
            hallId: report.hallId,
            contentType: resized.contentType,
            width: resized.width,
            height: resized.height,
            sourceHash,
            data: resized.data,
            createdAt: now,
          })
          .returning({ id: inspectionPhotos.id, width: inspectionPhotos.width, height: inspectionPhotos.height });
        if (!row) throw new Error('photo not inserted');
        emit({ type: 'inspection.photo_added', data: { reportId, photoId: row.id } });
        return row;
      },
    );
    if (!stored.ok) return stored;
    const { id, width, height } = stored.data;
    return ok({ photo: { id, url: photoUrl(id), width, height } });
  }

  /** A photo's bytes, for the hall's staff and leaders and the inspector who took it. */
  async function read(actor: StaffActor, photoId: string): Promise<Result<{ contentType: string; data: Buffer }>> {
    const [row] = await db
      .select({ hallId: inspectionPhotos.hallId, contentType: inspectionPhotos.contentType, data: inspectionPhotos.data, inspectorId: inspectionReports.inspectorId })
      .from(inspectionPhotos)
      .innerJoin(inspectionReports, eq(inspectionReports.id, inspectionPhotos.reportId))
      .where(eq(inspectionPhotos.id, photoId));
    if (!row) return fail('NOT_FOUND', 'Photo not found');
    const ofHall = row.hallId === actor.hallId && hallRoles.has(actor.role);
    if (!ofHall && row.inspectorId !== actor.id) return fail('FORBIDDEN', "Only the hall's staff and leaders see a report's photos");
    return ok({ contentType: row.contentType, data: row.data });
  }

  return { attach, read };
}

export type InspectionPhotoService = ReturnType<typeof createInspectionPhotoService>;
