import * as oidc from 'openid-client';
import type { Me } from '../contracts/api';
import { log } from '../log';
import type { AuthService } from './auth';

/** The hall's OpenID provider and this app's client there (OIDC_* in the environment). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claim whose value is a Hallboard username (`preferred_username` by default). */
  usernameClaim: string;
  scope: string;
  /** The button's text when the operator names the provider; the page's own words otherwise. */
  label?: string | undefined;
}

/**
 * What one browser must bring back to the callback: kept in a short-lived HttpOnly cookie of
 * that browser, so a callback carrying someone else's code, or a forged state, matches nothing.
 */
export interface OidcTransient {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The staff page the sign-in started from, where the browser returns. */
  next: string | null;
}

/** Why an SSO sign-in was refused: the sign-in page says each one in words. */
export type OidcRefusal = 'STATE_MISMATCH' | 'PROVIDER_ERROR' | 'PROVIDER_UNREACHABLE' | 'NO_USERNAME' | 'UNKNOWN_USER' | 'INACTIVE';

export type OidcOutcome =
  | { ok: true; session: { sessionId: string; expiresAt: Date; me: Me } }
  | { ok: false; reason: OidcRefusal };

/** The answer from the provider on the callback, as the route validated it. */
export interface OidcCallbackParams {
  code?: string | undefined;
  state?: string | undefined;
  iss?: string | undefined;
  error?: string | undefined;
}

/** How long discovery, the token exchange or userinfo may take before the sign-in is refused. */
const providerTimeoutSeconds = 8;

/**
 * Staff sign-in through the hall's OpenID provider (authorization code flow with PKCE, state
 * and nonce), by openid-client. The provider proves who the person is; Hallboard decides
 * what they may do: the username claim must name an existing, active account
 * (auth.signInVerified), whose role stays the one set in /admin.
 */
export function createOidcSignIn(settings: OidcSettings, { auth }: { auth: AuthService }) {
  let configuration: Promise<oidc.Configuration> | null = null;

  /** The provider's metadata, fetched once; a failed fetch is tried again on the next sign-in. */
  function discover(): Promise<oidc.Configuration> {
    if (!configuration) {
      const issuer = new URL(settings.issuer);
      configuration = oidc
        .discovery(issuer, settings.clientId, undefined, oidc.ClientSecretBasic(settings.clientSecret), {
          timeout: providerTimeoutSeconds,
          // env.ts admits plain http only for a provider on this machine.
          ...(issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
        })
        .catch((error: unknown) => {
          configuration = null;
          throw error;
        });
    }
    return configuration;
  }

  /** Where to send the browser to sign in, and what it must bring back; null when the provider cannot be reached. */
  async function start(redirectUri: string, next: string | null): Promise<{ url: string; transient: OidcTransient } | null> {
    let config: oidc.Configuration;
    try {
      config = await discover();
    } catch (error) {
      log.warn({ err: error, issuer: settings.issuer }, 'OpenID provider discovery failed');
      return null;
    }
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const transient: OidcTransient = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier, next };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: settings.scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: transient.state,
      nonce: transient.nonce,
    });
    return { url: url.href, transient };
  }

  /** The username the provider vouches for: from the ID token, or from userinfo when the token leaves it out. */
  async function usernameOf(config: oidc.Configuration, tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>): Promise<string | null> {
    const claims = tokens.claims();
    if (!claims) return null;
    let value: unknown = claims[settings.usernameClaim];
    if (value === undefined && tokens.access_token) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      value = info[settings.usernameClaim];
    }
    return typeof value === 'string' && value.length > 0 ? value : null;
  }

  /**
   * Finishes the sign-in the provider sent the browser back from: the state must be the one
   * this browser was given, the code is exchanged with the PKCE verifier, and the ID token's
   * signature, issuer, audience, expiry and nonce are checked by openid-client.
   */
  async function finish(redirectUri: string, params: OidcCallbackParams, transient: OidcTransient | null, address: string): Promise<OidcOutcome> {
    if (!transient || params.state !== transient.state) return { ok: false, reason: 'STATE_MISMATCH' };
    if (params.error !== undefined || params.code === undefined) return { ok: false, reason: 'PROVIDER_ERROR' };
    let config: oidc.Configuration;
    try {
      config = await discover();
    } catch (error) {
      log.warn({ err: error, issuer: settings.issuer }, 'OpenID provider discovery failed');
      return { ok: false, reason: 'PROVIDER_UNREACHABLE' };
    }
    const callback = new URL(redirectUri);
    callback.searchParams.set('code', params.code);
    callback.searchParams.set('state', params.state);
    if (params.iss !== undefined) callback.searchParams.set('iss', params.iss);
    let username: string | null;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: transient.codeVerifier,
        expectedState: transient.state,
        expectedNonce: transient.nonce,
        idTokenExpected: true,
      });
      username = await usernameOf(config, tokens);
    } catch (error) {
      log.warn({ err: error, issuer: settings.issuer }, 'OpenID sign-in failed at the provider');
      return { ok: false, reason: 'PROVIDER_ERROR' };
    }
    if (username === null) return { ok: false, reason: 'NO_USERNAME' };
    const result = await auth.signInVerified(username.slice(0, 200), address);
    if (!result.ok) return { ok: false, reason: result.error.reason === 'INACTIVE' ? 'INACTIVE' : 'UNKNOWN_USER' };
    return { ok: true, session: result.data };
  }

  return { label: settings.label ?? null, start, finish };
}

export type OidcSignIn = ReturnType<typeof createOidcSignIn>;
