// Identity numbers (AUTH-BSN, AUTH-FIELDS class "identity numbers"). They live in member_identifiers, are
// validated here, and leave the server only masked: no page, API response or log ever holds a full BSN.

/** The 11-proef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11, and 000000000 is not a BSN. */
export function isValidBsn(value: string): boolean {
  if (!/^\d{9}$/.test(value) || value === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(value[i]);
  sum -= Number(value[8]);
  return sum % 11 === 0;
}

/** A V-nummer (the IND/COA foreigner's number) has 10 digits. */
export function isValidVNumber(value: string): boolean {
  return /^\d{10}$/.test(value);
}

/** Only the last digits, enough to tell two people apart on the phone: •••••6789. */
export function maskBsn(bsn: string): string {
  return `•••••${bsn.slice(-4)}`;
}

export function maskVNumber(vNumber: string): string {
  return `••••••${vNumber.slice(-4)}`;
}

/** What a permitted reader receives: masked values, or null when the number is not known. */
export interface MaskedIdentity {
  bsn: string | null;
  vNumber: string | null;
}

export function maskIdentity(row: { bsn: string | null; vNumber: string | null } | undefined): MaskedIdentity {
  return { bsn: row?.bsn ? maskBsn(row.bsn) : null, vNumber: row?.vNumber ? maskVNumber(row.vNumber) : null };
}

/** Remove spaces, dots and dashes people type in numbers ("1234 56 782"). */
export function normaliseNumber(value: string): string {
  return value.replace(/[\s.\-]/g, '');
}
