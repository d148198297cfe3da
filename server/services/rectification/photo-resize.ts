import sharp from 'sharp';
import { photoLimits } from '../../contracts/inspection-photos';

export interface ResizedPhoto {
  data: Buffer;
  contentType: 'image/jpeg';
  width: number;
  height: number;
}

/** A decompression bomb (a tiny file that claims a huge canvas) is refused before decoding. */
const maxInputPixels = 50_000_000;

/**
 * Re-encodes an uploaded photo as a JPEG whose longest side is at most `photoLimits.maxEdge`:
 * turned upright by its EXIF orientation, transparency on white. sharp writes no metadata
 * unless asked, so the phone's EXIF (its GPS position, its serial number) is dropped here.
 * Returns null when the bytes do not decode as an image.
 */
export async function resizePhoto(input: Buffer): Promise<ResizedPhoto | null> {
  try {
    const { data, info } = await sharp(input, { limitInputPixels: maxInputPixels, failOn: 'error' })
      .rotate()
      .resize({ width: photoLimits.maxEdge, height: photoLimits.maxEdge, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { data, contentType: 'image/jpeg', width: info.width, height: info.height };
  } catch {
    return null;
  }
}
