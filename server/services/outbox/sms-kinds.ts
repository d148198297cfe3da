/**
 * What the hall texts its citizens, by outbox kind, and the environment variable that holds
 * each kind's approved Alibaba Cloud template code (ALIYUN_SMS_TEMPLATE_<suffix>).
 */
export const smsTemplateVariables = {
  'ticket.called': 'ALIYUN_SMS_TEMPLATE_CALLED',
  'ticket.nearly': 'ALIYUN_SMS_TEMPLATE_NEAR',
  'ticket.no_show': 'ALIYUN_SMS_TEMPLATE_NO_SHOW',
  'conditional.due': 'ALIYUN_SMS_TEMPLATE_CONDITIONAL_DUE',
  'conditional.overdue': 'ALIYUN_SMS_TEMPLATE_CONDITIONAL_OVERDUE',
  'rating.answered': 'ALIYUN_SMS_TEMPLATE_RATING_ANSWER',
} as const;

export type SmsKind = keyof typeof smsTemplateVariables;
export const smsKinds = Object.keys(smsTemplateVariables) as SmsKind[];
