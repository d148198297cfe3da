import { createHmac, randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Alibaba Cloud SMS (dysmsapi 2017-05-25, SendSms) that checks what the
 * real one checks before it accepts a message: the common parameters, the AccessKey, the
 * timestamp's form and age, a fresh nonce and the RPC signature (HMAC-SHA1 over the sorted,
 * percent-encoded parameters, keyed with secret + "&"). The signature check is written here
 * from the vendor's page on its own, not imported from the adapter, so a mistake in one is not
 * repeated in the other. Unlike the real service it also deduplicates by OutId (the outbox id),
 * so tests can count distinct messages apart from requests.
 */

export interface ProviderAccount {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface ReceivedSms {
  outId: string;
  phoneNumbers: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, unknown>;
  bizId: string;
}

export interface SmsProvider {
  endpoint: string;
  /** Every accepted SendSms, repeats included. */
  accepted: ReceivedSms[];
  /** Requests refused before acceptance, with the error code answered. */
  refused: Array<{ code: string; outId: string | undefined }>;
  /** Distinct messages accepted, by OutId. */
  distinct: () => Map<string, ReceivedSms>;
  /** The next n well-signed requests fail as a provider fault (isp.SYSTEM_ERROR, HTTP 500). */
  failNext: (n: number) => void;
  /** Delay each answer by a random time in this range (ms). */
  latency: (minMs: number, maxMs: number) => void;
  close: () => Promise<void>;
}

function encode(value: string): string {
  // RFC 3986 unreserved characters stay; all else %XY, space %20 (the vendor's rule).
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function expectedSignature(method: string, params: Map<string, string>, secret: string): string {
  const names = [...params.keys()].filter((k) => k !== 'Signature').sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const canonical = names.map((k) => `${encode(k)}=${encode(params.get(k) ?? '')}`).join('&');
  const toSign = `${method}&${encode('/')}&${encode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(toSign, 'utf8').digest('base64');
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSmsProvider(account: ProviderAccount, now: () => Date = () => new Date()): Promise<SmsProvider> {
  const accepted: ReceivedSms[] = [];
  const refused: SmsProvider['refused'] = [];
  const nonces = new Set<string>();
  const bizIds = new Map<string, string>();
  let failures = 0;
  let delay: [number, number] = [0, 0];

  function answer(res: ServerResponse, status: number, body: Record<string, unknown>) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ RequestId: randomUUID(), ...body }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = req.method ?? 'GET';
    // SendSms takes its parameters in the query (GET) or as a form body (POST).
    const raw = method === 'POST' ? await bodyOf(req) : url.search.slice(1);
    if (method === 'POST' && !String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      return answer(res, 400, { Code: 'InvalidParameter.ContentType', Message: 'form body expected' });
    }
    const params = new Map<string, string>();
    for (const [k, v] of new URLSearchParams(raw)) {
      if (params.has(k)) return answer(res, 400, { Code: 'InvalidParameter', Message: `repeated ${k}` });
      params.set(k, v);
    }
    const [minMs, maxMs] = delay;
    if (maxMs > 0) await new Promise((r) => setTimeout(r, minMs + Math.random() * (maxMs - minMs)));
    const outId = params.get('OutId');
    const refuse = (status: number, code: string, message: string) => {
      refused.push({ code, outId });
      answer(res, status, { Code: code, Message: message });
    };
    for (const name of ['AccessKeyId', 'Action', 'Format', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp', 'Version', 'Signature']) {
      if (!params.get(name)) return refuse(400, 'MissingParameter', `${name} is mandatory`);
    }
    if (params.get('Action') !== 'SendSms') return refuse(400, 'InvalidAction.NotFound', 'unknown action');
    if (params.get('Version') !== '2017-05-25') return refuse(400, 'InvalidVersion', 'unknown version');
    if (params.get('SignatureMethod') !== 'HMAC-SHA1' || params.get('SignatureVersion') !== '1.0') {
      return refuse(400, 'InvalidSignatureMethod', 'HMAC-SHA1 1.0 expected');
    }
    if (params.get('AccessKeyId') !== account.accessKeyId) return refuse(404, 'InvalidAccessKeyId.NotFound', 'unknown AccessKeyId');
    const stamp = params.get('Timestamp') ?? '';
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(stamp)) return refuse(400, 'InvalidTimeStamp.Format', stamp);
    if (Math.abs(new Date(stamp).getTime() - now().getTime()) > 15 * 60_000) return refuse(400, 'InvalidTimeStamp.Expired', stamp);
    const signature = expectedSignature(method, params, account.accessKeySecret);
    if (params.get('Signature') !== signature) return refuse(400, 'SignatureDoesNotMatch', 'the signature does not match');
    const nonce = params.get('SignatureNonce') ?? '';
    if (nonces.has(nonce)) return refuse(400, 'SignatureNonceUsed', 'nonce already used');
    nonces.add(nonce);
    for (const name of ['PhoneNumbers', 'SignName', 'TemplateCode']) {
      if (!params.get(name)) return refuse(400, 'MissingParameter', `${name} is mandatory`);
    }
    if (!/^1\d{10}$/.test(params.get('PhoneNumbers') ?? '')) return refuse(200, 'isv.MOBILE_NUMBER_ILLEGAL', 'invalid number');
    let templateParam: Record<string, unknown> = {};
    try {
      templateParam = JSON.parse(params.get('TemplateParam') ?? '{}') as Record<string, unknown>;
    } catch {
      return refuse(200, 'isv.INVALID_JSON_PARAM', 'TemplateParam is not JSON');
    }
    if (failures > 0) {
      failures -= 1;
      return refuse(500, 'isp.SYSTEM_ERROR', 'injected fault');
    }
    const key = outId ?? randomUUID();
    const bizId = bizIds.get(key) ?? `${Date.now()}^${randomUUID().slice(0, 8)}`;
    bizIds.set(key, bizId);
    accepted.push({
      outId: key,
      phoneNumbers: params.get('PhoneNumbers') ?? '',
      signName: params.get('SignName') ?? '',
      templateCode: params.get('TemplateCode') ?? '',
      templateParam,
      bizId,
    });
    answer(res, 200, { Code: 'OK', Message: 'OK', BizId: bizId });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => answer(res, 500, { Code: 'InternalError', Message: 'provider failed' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/`,
    accepted,
    refused,
    distinct: () => new Map(accepted.map((m) => [m.outId, m])),
    failNext: (n) => {
      failures = n;
    },
    latency: (minMs, maxMs) => {
      delay = [minMs, maxMs];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
