import { randomUUID } from 'node:crypto';
import type { Clock } from '../../domain/clock';
import { percentEncode, rpcSignature, rpcTimestamp, canonicalizedQuery } from './aliyun-signature';
import type { ChannelAdapter, DeliveryOutcome, OutboundMessage } from './channel';
import { type SmsKind, smsTemplateVariables } from './sms-kinds';

/** Alibaba Cloud SMS (dysmsapi, API version 2017-05-25), SendSms over its signed RPC HTTP API. */

export interface AliyunSmsConfig {
  /** https://dysmsapi.aliyuncs.com/ unless a hall's proxy or a test server stands in. */
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved 短信签名, e.g. 琼山政务服务. */
  signName: string;
  /** Approved template codes by message kind, e.g. `ticket.called` → SMS_123456789. */
  templates: Partial<Record<string, string>>;
}

export const defaultAliyunSmsEndpoint = 'https://dysmsapi.aliyuncs.com/';

/**
 * Each kind's template parameters, named as the hall's approved template names its
 * variables (the README gives the template text to apply for). Values are strings: the
 * API reads TemplateParam as a JSON object of string variables.
 */
const templateParams: Record<SmsKind, (payload: Record<string, unknown>) => Record<string, string>> = {
  'ticket.called': (p) => ({ number: text(p.number), counter: text(p.counterNumber) }),
  'ticket.nearly': (p) => ({ number: text(p.number), ahead: text(p.ahead) }),
  'ticket.no_show': (p) => ({ number: text(p.number), minutes: text(p.minutes), time: text(p.until) }),
  'conditional.due': (p) => ({ service: text(p.serviceName), deadline: text(p.deadline) }),
  'conditional.overdue': (p) => ({ service: text(p.serviceName), deadline: text(p.deadline) }),
  'rating.answered': (p) => ({ number: text(p.number), answer: text(p.answer) }),
};

function isSmsKind(kind: string): kind is SmsKind {
  return Object.hasOwn(templateParams, kind);
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/**
 * Answers that no retry can change: the number, the parameters or the template are wrong for
 * this message. Everything else (throttling such as isv.BUSINESS_LIMIT_CONTROL, system errors,
 * a signature or account problem an operator can fix) is retried until the outbox gives up.
 */
const rejectCodes = new Set([
  'isv.MOBILE_NUMBER_ILLEGAL',
  'isv.MOBILE_COUNT_OVER_LIMIT',
  'isv.TEMPLATE_MISSING_PARAMETERS',
  'isv.TEMPLATE_PARAMS_ILLEGAL',
  'isv.INVALID_JSON_PARAM',
  'isv.PARAM_LENGTH_LIMIT',
  'isv.INVALID_PARAMETERS',
  'isv.BLACK_KEY_CONTROL_LIMIT',
]);

interface SendSmsResponse {
  Code?: string;
  Message?: string;
  BizId?: string;
  RequestId?: string;
}

/** The request's parameters, signed: what goes in the form body. Exported for the tests' provider. */
export function signedSendSms(config: AliyunSmsConfig, fields: Record<string, string>, at: Date, nonce: string): Record<string, string> {
  const params: Record<string, string> = {
    AccessKeyId: config.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    RegionId: 'cn-hangzhou',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: nonce,
    SignatureVersion: '1.0',
    Timestamp: rpcTimestamp(at),
    Version: '2017-05-25',
    ...fields,
  };
  return { ...params, Signature: rpcSignature('POST', params, config.accessKeySecret) };
}

export function createAliyunSms(config: AliyunSmsConfig, clock: Clock): ChannelAdapter {
  return {
    channel: 'sms',
    async deliver(message: OutboundMessage, signal: AbortSignal): Promise<DeliveryOutcome> {
      if (!isSmsKind(message.kind)) return { kind: 'reject', error: `no SMS is defined for ${message.kind}` };
      const templateCode = config.templates[message.kind];
      // Dead at once with the reason, for the admin's outbox list: a template approved later
      // is set in the environment and the message resent from there.
      if (!templateCode) {
        return { kind: 'reject', error: `no SMS template is configured for ${message.kind}: set ${smsTemplateVariables[message.kind]}` };
      }
      const params = templateParams[message.kind];
      const signed = signedSendSms(
        config,
        {
          PhoneNumbers: message.recipient,
          SignName: config.signName,
          TemplateCode: templateCode,
          TemplateParam: JSON.stringify(params(message.payload)),
          // The outbox id: the receipt and any retry of this message carry the same OutId.
          OutId: message.id,
        },
        clock.now(),
        // A fresh nonce per request, retries included: the API refuses a nonce it has seen.
        randomUUID(),
      );
      const body = `${canonicalizedQuery(signed)}&Signature=${percentEncode(signed.Signature ?? '')}`;
      let response: Response;
      try {
        response = await fetch(config.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body,
          signal,
        });
      } catch (error) {
        return { kind: 'retry', error: `SendSms unreachable: ${error instanceof Error ? error.message : String(error)}` };
      }
      let answer: SendSmsResponse;
      try {
        answer = (await response.json()) as SendSmsResponse;
      } catch {
        return { kind: 'retry', error: `SendSms answered ${response.status} without JSON` };
      }
      if (response.ok && answer.Code === 'OK' && answer.BizId) return { kind: 'sent', providerMessageId: answer.BizId };
      const error = `SendSms ${response.status} ${answer.Code ?? '?'}: ${answer.Message ?? ''}`.trim();
      return answer.Code && rejectCodes.has(answer.Code) ? { kind: 'reject', error } : { kind: 'retry', error };
    },
  };
}
