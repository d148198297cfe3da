import { describe, expect, it } from 'vitest';
import { type HallSettings, defaultAppointmentSettings, defaultHallSettings, settingsOf } from '../../db/schema';
import { appointmentRulesOf } from '../../server/services/appointment-support';
import type { HallRow } from '../../server/services/lookups';

// Settings are jsonb: a row written before a key existed, or by an admin who set one
// nested key, lacks the rest, and every reader must see today's defaults for them.
const rowWith = (settings: Partial<HallSettings>) => ({ settings }) as unknown as HallRow;

describe('hall settings defaults', () => {
  it('fill the keys a row lacks, nested ones one key at a time', () => {
    const settings = settingsOf({ settings: { callRepeat: 3, rectification: { verifyHours: 8 } } as Partial<HallSettings> });
    expect(settings.callRepeat).toBe(3);
    expect(settings.waitTargetMinutes).toBe(defaultHallSettings.waitTargetMinutes);
    expect(settings.rectification).toEqual({ ...defaultHallSettings.rectification, verifyHours: 8 });
    expect(settings.appointments).toEqual(defaultAppointmentSettings);
  });

  it('appointment rules are the merged settings', () => {
    const rules = appointmentRulesOf(rowWith({ appointments: { slotCapacity: 1 } } as Partial<HallSettings>));
    expect(rules).toEqual({ ...defaultAppointmentSettings, slotCapacity: 1 });
    expect(appointmentRulesOf(rowWith({}))).toEqual(defaultAppointmentSettings);
  });
});
