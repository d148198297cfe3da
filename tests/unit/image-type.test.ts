import { describe, expect, it } from 'vitest';
import { sniffImageType } from '../../server/domain/image-type';

describe('sniffImageType', () => {
  it('knows JPEG, PNG and WebP by their first bytes', () => {
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe1, 0, 0]))).toBe('image/jpeg');
    expect(sniffImageType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffImageType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
  });

  it('refuses anything else, whatever its name: HTML, SVG, GIF, PDF, HEIC, a RIFF that is not WebP, a truncated header', () => {
    for (const text of ['<html>', '<svg xmlns="http://www.w3.org/2000/svg">', 'GIF89a', '%PDF-1.7', 'RIFF\x10\x00\x00\x00WAVEfmt ']) {
      expect(sniffImageType(Buffer.from(text, 'latin1'))).toBeNull();
    }
    expect(sniffImageType(Buffer.from('\x00\x00\x00\x18ftypheic', 'latin1'))).toBeNull();
    expect(sniffImageType(Uint8Array.from([0xff, 0xd8]))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
  });
});
