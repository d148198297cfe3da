import { z } from 'zod';
import { uuid } from './common';

/** 体验员 photos: how many a report may carry, and how large an uploaded photo may be. */
export const photoLimits = {
  perReport: 4,
  /** The uploaded file, before the server resizes it: a current phone camera's JPEG fits. */
  maxUploadBytes: 8 * 1024 * 1024,
  /** The longest side of the stored photo. */
  maxEdge: 1600,
  /** What the phone may send; the server checks the file's first bytes, not its name or declared type. */
  acceptedTypes: ['image/jpeg', 'image/png', 'image/webp'],
} as const;

/** base64 grows 4/3; the JSON around it is a few bytes. */
const maxBase64Chars = Math.ceil(photoLimits.maxUploadBytes / 3) * 4;
export const photoUploadMaxBodyBytes = maxBase64Chars + 1024;

export const photoUploadBody = z
  .object({
    /** The photo file as base64 (no data: prefix). */
    image: z.base64().min(16).max(maxBase64Chars, `image: at most ${photoLimits.maxUploadBytes} bytes`),
  })
  .strict();

export const inspectionPhoto = z
  .object({
    id: uuid,
    /** Served only to the hall's staff and leaders and to the inspector who took it. */
    url: z.string(),
    width: z.number().int(),
    height: z.number().int(),
  })
  .meta({ id: 'InspectionPhoto' });
export const inspectionPhotoCreated = z.object({ photo: inspectionPhoto });

export const photoParams = {
  report: z.object({ reportId: uuid }),
  photo: z.object({ photoId: uuid }),
};

export type PhotoUploadBody = z.infer<typeof photoUploadBody>;
export type InspectionPhotoView = z.infer<typeof inspectionPhoto>;
