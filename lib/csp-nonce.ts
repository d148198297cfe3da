import type { IncomingMessage } from 'node:http';

/**
 * The custom server puts each page's Content-Security-Policy on the request before Next.js
 * renders it (server/http/security-headers.ts): Next tags its own scripts with the nonce it
 * finds there, and our pages read it from the same place for their inline scripts.
 */
export const policyHeader = 'content-security-policy';

/** The nonce of a page's policy; undefined when the request carries none (the API tests' pages). */
export function nonceFromPolicy(policy: string | null | undefined): string | undefined {
  return /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? '')?.[1];
}

/** In getServerSideProps (the Pages Router's citizen pages). */
export function requestNonce(req: IncomingMessage): string | undefined {
  const policy = req.headers[policyHeader];
  return nonceFromPolicy(typeof policy === 'string' ? policy : undefined);
}
