import type { Db } from '../../../db/client';
import type { Clock } from '../../domain/clock';
import type { Env } from '../../env';
import { type AliyunSmsConfig, createAliyunSms, defaultAliyunSmsEndpoint } from './aliyun-sms';
import type { ChannelAdapter } from './channel';
import { createWebhookChannel } from './webhook';
import { smsKinds, smsTemplateVariables } from './sms-kinds';

export { createOutboxWorker, type OutboxWorker } from './worker';

/** The Alibaba Cloud SMS account from the environment, or null when none is configured. */
export function aliyunSmsConfigOf(env: Env): AliyunSmsConfig | null {
  const { ALIYUN_SMS_ACCESS_KEY_ID: id, ALIYUN_SMS_ACCESS_KEY_SECRET: secret, ALIYUN_SMS_SIGN_NAME: signName } = env;
  if (!id || !secret || !signName) return null;
  return {
    endpoint: env.ALIYUN_SMS_ENDPOINT ?? defaultAliyunSmsEndpoint,
    accessKeyId: id,
    accessKeySecret: secret,
    signName,
    templates: Object.fromEntries(
      smsKinds.flatMap((kind) => {
        const code = env[smsTemplateVariables[kind]];
        return code ? [[kind, code]] : [];
      }),
    ),
  };
}

/**
 * The channels this process can deliver through; messages of other channels stay queued.
 * Webhooks need no account: their subscribers (URL and secret) are per hall, in the database.
 */
export function outboxAdaptersOf(env: Env, db: Db, clock: Clock): ChannelAdapter[] {
  const sms = aliyunSmsConfigOf(env);
  return [...(sms ? [createAliyunSms(sms, clock)] : []), createWebhookChannel({ db, clock })];
}
