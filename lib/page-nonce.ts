import { headers } from 'next/headers';
import { nonceFromPolicy, policyHeader } from './csp-nonce';

/** The nonce of the page being rendered, in App Router server components (lib/csp-nonce.ts). */
export async function pageNonce(): Promise<string | undefined> {
  return nonceFromPolicy((await headers()).get(policyHeader));
}
