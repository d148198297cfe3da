import type { HallSettingsFields } from '@/server/contracts/admin';

type Top = Exclude<keyof HallSettingsFields, 'rectification' | 'appointments'>;
type Rect = keyof HallSettingsFields['rectification'];
type Appt = keyof HallSettingsFields['appointments'];

/** A setting's path in the settings object: a top-level key, or one inside a group. */
export type SettingKey = Top | `rectification.${Rect}` | `appointments.${Appt}`;
/** int: a whole number; intOrNone: empty means no limit (null); bool: a switch; name: a username or none. */
export type SettingKind = 'int' | 'intOrNone' | 'bool' | 'name';

export const settingGroups: { group: 'queue' | 'governance' | 'rectification' | 'appointments' | 'flags' | 'limits' | 'privacy'; fields: [SettingKey, SettingKind][] }[] = [
  {
    group: 'queue',
    fields: [
      ['priorityInterleave', 'int'],
      ['agingMinutes', 'int'],
      ['enforceHours', 'bool'],
      ['nearlyAhead', 'int'],
      ['delayMinutes', 'int'],
      ['delayMaxPlaces', 'int'],
      ['delayLimit', 'int'],
      ['rejoinMinutes', 'int'],
      ['rejoinLimit', 'int'],
      ['smsOnCall', 'bool'],
      ['smsNearlyAhead', 'bool'],
      ['smsNoShow', 'bool'],
    ],
  },
  {
    group: 'governance',
    fields: [
      ['caseReplyHours', 'int'],
      ['defaultDutyLeader', 'name'],
      ['conditionalMaxDays', 'int'],
      ['conditionalReminderDays', 'int'],
      ['smsConditional', 'bool'],
      ['smsRatingAnswer', 'bool'],
    ],
  },
  {
    group: 'rectification',
    fields: [
      ['rectification.verifyHours', 'int'],
      ['rectification.rectifyDays', 'int'],
      ['rectification.answerDays', 'int'],
      ['rectification.reviewDays', 'int'],
      ['rectification.independentReview', 'bool'],
    ],
  },
  {
    group: 'appointments',
    fields: [
      ['appointments.slotMinutes', 'int'],
      ['appointments.bookingDaysAhead', 'int'],
      ['appointments.slotCapacity', 'int'],
      ['appointments.checkInBeforeMinutes', 'int'],
      ['appointments.checkInAfterMinutes', 'int'],
      ['appointments.noShowLimit', 'int'],
      ['appointments.noShowWindowDays', 'int'],
      ['appointments.blockDays', 'int'],
    ],
  },
  {
    group: 'flags',
    fields: [
      ['waitTargetMinutes', 'int'],
      ['pauseFlagMinutes', 'int'],
      ['idleFlagMinutes', 'int'],
      ['badRatingStreak', 'int'],
    ],
  },
  {
    group: 'limits',
    fields: [
      ['ticketsPerPhonePerDay', 'intOrNone'],
      ['ticketsPerIpPerHour', 'intOrNone'],
      ['staffIdleMinutes', 'intOrNone'],
      ['appointmentsPerPhonePerDay', 'intOrNone'],
      ['appointmentsPerIpPerDay', 'intOrNone'],
      ['casesPerPhonePerDay', 'intOrNone'],
      ['casesPerIpPerDay', 'intOrNone'],
      ['requireDeviceKey', 'bool'],
    ],
  },
  {
    group: 'privacy',
    fields: [
      ['contactRetentionDays', 'int'],
      ['caseRetentionDays', 'int'],
    ],
  },
];

export type SettingValue = number | boolean | string | null;

export function readSetting(settings: HallSettingsFields, key: SettingKey): SettingValue {
  const [group, name] = key.split('.') as [string, string | undefined];
  const record = settings as unknown as Record<string, unknown>;
  const value = name === undefined ? record[group] : (record[group] as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string' ? value : null;
}

/** The PATCH body: only what differs from the saved settings, nested groups in part. */
export function settingsPatch(saved: HallSettingsFields, draft: Record<string, SettingValue>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(draft)) {
    if (value === readSetting(saved, key as SettingKey)) continue;
    const [group, name] = key.split('.') as [string, string | undefined];
    if (name === undefined) patch[group] = value;
    else patch[group] = { ...(patch[group] as Record<string, unknown> | undefined), [name]: value };
  }
  return patch;
}
