/**
 * Personal data leaves the server only masked: 张*明, 138****1234, 4601**********1234.
 * Masking is done before any citizen or display payload is built.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  // At least four digits always stay hidden: 3 + 4 are shown only from 11 digits on.
  if (digits.length < 8) return '*'.repeat(digits.length);
  const head = digits.length >= 11 ? 3 : 0;
  return `${digits.slice(0, head)}${'*'.repeat(digits.length - head - 4)}${digits.slice(-4)}`;
}

/** Resident ID numbers (18 characters): keep the 4-digit region prefix and the last 4. */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id.trim());
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return `${chars.slice(0, 4).join('')}${'*'.repeat(chars.length - 8)}${chars.slice(-4).join('')}`;
}

export const mainlandMobilePattern = /^1[3-9]\d{9}$/;

/**
 * Resident ID numbers inside free text (a case description, a rating comment, a clerk's note):
 * 18 characters (region, birth date 18xx–20xx, sequence, check digit or X) or the old 15 digits,
 * not part of a longer run of digits or letters. A phone number (11 digits) is not one.
 */
const idNumberInText =
  /(?<![0-9A-Za-z])(?:[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]|[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})(?![0-9A-Za-z])/g;

/** Free text as staff other than the record's handler read it: every ID number in it masked. */
export function maskIdNumbersIn(text: string): string {
  return text.replace(idNumberInText, (id) => maskIdNumber(id));
}
