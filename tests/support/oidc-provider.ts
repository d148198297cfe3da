import { generateKeyPairSync } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider (panva's oidc-provider) on a loopback port, for the single sign-on
 * tests: discovery, signed ID tokens, PKCE, the token and userinfo endpoints are the
 * library's own. Only the person is chosen by the test: its login page signs in whoever
 * `signInAs` names, without a form, and grants the scopes asked for.
 */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the provider's login signs in next (its `preferred_username`); null: the person cancels. */
  signInAs: (username: string | null) => void;
  /** Registers where the provider may send the browser back (the app's callback, known once it listens). */
  allowRedirect: (uri: string) => void;
  close: () => Promise<void>;
}

export async function startOidcProvider(): Promise<TestOidcProvider> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'hallboard';
  const clientSecret = 'a-client-secret-for-tests-only-32chars';
  const redirectUris: string[] = [];
  let person: string | null = null;
  // The provider's own signing key (RS256, what ID tokens are signed with by default).
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  let provider: Provider | null = null;
  const providerOf = () => {
    provider ??= new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: redirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
      // The username comes back as the person's subject: what a directory's login would release.
      findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, preferred_username: sub, name: sub }) }),
      pkce: { required: () => true },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      cookies: { keys: ['cookie-signing-key-for-tests-only'] },
      jwks: { keys: [{ ...signingKey, kid: 'test', alg: 'RS256', use: 'sig' }] },
      ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Grant: 600, Interaction: 600, Session: 600 },
    });
    return provider;
  };

  /** The provider's login and consent pages: no form, the test's person signs in and agrees. */
  async function interaction(req: IncomingMessage, res: ServerResponse, p: Provider) {
    const details = await p.interactionDetails(req, res);
    if (person === null) {
      await p.interactionFinished(req, res, { error: 'access_denied', error_description: 'the person cancelled' }, { mergeWithLastSubmission: false });
      return;
    }
    const grant = new p.Grant({ accountId: person, clientId });
    const scope = details.params.scope;
    if (typeof scope === 'string') grant.addOIDCScope(scope);
    const grantId = await grant.save();
    await p.interactionFinished(req, res, { login: { accountId: person }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  handler = (req, res) => {
    const p = providerOf();
    if ((req.url ?? '').startsWith('/interaction/')) {
      interaction(req, res, p).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
      return;
    }
    void p.callback()(req, res);
  };

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (username) => {
      person = username;
    },
    allowRedirect: (uri) => {
      if (provider) throw new Error('register redirects before the first sign-in');
      redirectUris.push(uri);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
