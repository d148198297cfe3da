'use client';

import { useEffect, useRef, useState } from 'react';
import { type ApiError, apiPost } from '@/lib/api-client';
import { describeApiError } from '@/lib/api-errors';
import { type Messages, format } from '@/lib/i18n';
import { type InspectionPhotoView, inspectionPhotoCreated, photoLimits } from '@/server/contracts/inspection-photos';
import { useMessages } from '../i18n';

const mb = photoLimits.maxUploadBytes / 1024 / 1024;

/** The server's refusal of a photo in the inspector's words. */
export function describePhotoError(error: ApiError, t: Messages): string {
  const refused = t.inspect.photoRefused;
  // The client keeps the error body's `reason` (the contract's errorBody) though ApiError does not name it.
  const { reason } = error as ApiError & { reason?: unknown };
  if (reason === 'photo_type' || reason === 'photo_unreadable' || reason === 'photo_too_large' || reason === 'photo_count') {
    return format(refused[reason], { mb, max: photoLimits.perReport });
  }
  return describeApiError(error, t);
}

export interface PickedPhoto {
  key: string;
  file: File;
  preview: string;
}

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/**
 * Uploads the picked photos to a filed report one at a time (a phone on a hall's mobile
 * network should not send four at once); the server checks and resizes each again.
 */
export async function uploadPhotos(
  reportId: string,
  photos: PickedPhoto[],
  onProgress: (done: number) => void,
): Promise<{ stored: InspectionPhotoView[]; failed: number; lastError: ApiError | null }> {
  const stored: InspectionPhotoView[] = [];
  let failed = 0;
  let lastError: ApiError | null = null;
  for (const [n, p] of photos.entries()) {
    const image = await base64Of(p.file).catch(() => null);
    const result = image
      ? await apiPost(`/api/v1/inspection-reports/${reportId}/photos`, inspectionPhotoCreated, { image })
      : ({ ok: false, error: { code: 'VALIDATION', message: 'unreadable file', status: 400 } } as const);
    if (result.ok) stored.push(result.data.photo);
    else {
      failed += 1;
      lastError = result.error;
    }
    onProgress(n + 1);
  }
  return { stored, failed, lastError };
}

/** Up to `photoLimits.perReport` photos from the camera or the album, checked here for type and size before upload. */
export function PhotoPicker({ photos, onChange, disabled }: { photos: PickedPhoto[]; onChange: (next: PickedPhoto[]) => void; disabled: boolean }) {
  const t = useMessages();
  const i = t.inspect;
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  // Previews are object URLs: released when a photo is removed or the form is left.
  const latest = useRef(photos);
  latest.current = photos;
  useEffect(() => () => latest.current.forEach((p) => URL.revokeObjectURL(p.preview)), []);

  function add(files: FileList | null) {
    setProblem(null);
    const next = [...photos];
    for (const file of Array.from(files ?? [])) {
      if (next.length >= photoLimits.perReport) {
        setProblem(format(i.photoTooMany, { max: photoLimits.perReport }));
        break;
      }
      if (!(photoLimits.acceptedTypes as readonly string[]).includes(file.type)) {
        setProblem(format(i.photoNotImage, { name: file.name }));
        continue;
      }
      if (file.size > photoLimits.maxUploadBytes) {
        setProblem(format(i.photoTooLarge, { name: file.name, mb }));
        continue;
      }
      next.push({ key: `${file.name}-${file.size}-${file.lastModified}-${next.length}`, file, preview: URL.createObjectURL(file) });
    }
    onChange(next);
    if (input.current) input.current.value = '';
  }

  function remove(key: string) {
    const gone = photos.find((p) => p.key === key);
    if (gone) URL.revokeObjectURL(gone.preview);
    onChange(photos.filter((p) => p.key !== key));
  }

  return (
    <div className="inspect-photos" data-testid="inspect-photos">
      <span className="field-label">{format(i.photos, { max: photoLimits.perReport })}</span>
      <p className="muted inspect-photos-hint">{i.photosHint}</p>
      {photos.length > 0 ? (
        <ul className="inspect-thumbs">
          {photos.map((p, n) => (
            <li key={p.key} data-testid="inspect-photo-picked">
              <img src={p.preview} alt={format(i.photoAlt, { n: n + 1 })} />
              <button type="button" className="btn btn-ghost btn-small" disabled={disabled} onClick={() => remove(p.key)}>
                {i.removePhoto}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {problem ? (
        <p className="alert alert-error" role="alert" data-testid="inspect-photo-problem">
          {problem}
        </p>
      ) : null}
      {photos.length < photoLimits.perReport ? (
        <label className={`btn btn-secondary btn-block inspect-photo-add${disabled ? ' is-disabled' : ''}`}>
          {i.addPhoto}
          <input
            ref={input}
            className="sr-only"
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            disabled={disabled}
            data-testid="inspect-photo-input"
            onChange={(e) => add(e.target.files)}
          />
        </label>
      ) : null}
    </div>
  );
}
