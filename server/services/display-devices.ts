import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { displayDevices, settingsOf } from '../../db/schema';
import type { DisplayDevice, HallSummary } from '../contracts/api';
import type { Clock } from '../domain/clock';
import type { StaffActor } from './actors';
import { findHall } from './lookups';
import { type Result, fail, ok } from './result';

/**
 * A device key is 256 random bits, so one SHA-256 pass is enough to store it: unlike a
 * password there is nothing to guess, and a slow hash would only slow every handshake.
 */
export function hashDeviceKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

const keyShape = /^hbd_[A-Za-z0-9_-]{43}$/;

type DeviceRow = typeof displayDevices.$inferSelect;

function toDevice(row: DeviceRow): DisplayDevice {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
  };
}

/**
 * A hall device registered by its admins (a kiosk, a TV), known by the key it sends; with a
 * hall, only that hall's devices count. Revoked keys are nobody.
 */
export async function isRegisteredDevice(db: Db, key: string | undefined, hallId?: string): Promise<boolean> {
  if (!key) return false;
  const [device] = await db
    .select({ id: displayDevices.id })
    .from(displayDevices)
    .where(
      and(
        eq(displayDevices.keyHash, hashDeviceKey(key)),
        isNull(displayDevices.revokedAt),
        hallId === undefined ? undefined : eq(displayDevices.hallId, hallId),
      ),
    );
  return device !== undefined;
}

export type DisplayAdmission =
  | { ok: true; hall: HallSummary; deviceId: string | null }
  | { ok: false; code: 'NOT_FOUND' | 'FORBIDDEN'; message: string };

export function createDisplayDeviceService({ db, clock }: { db: Db; clock: Clock }) {
  const revokedListeners: Array<(deviceId: string) => void> = [];

  /** Only an admin of the hall itself manages its screens. */
  async function adminHall(actor: StaffActor, hallRef: string) {
    const hall = await findHall(db, hallRef);
    if (!hall) return fail('NOT_FOUND', 'Hall not found');
    if (actor.role !== 'admin' || actor.hallId !== hall.id) return fail('FORBIDDEN', "Only an admin of this hall manages its displays");
    return ok(hall);
  }

  /** Registers a screen and returns its key, the only time the key is ever shown. */
  async function issue(actor: StaffActor, hallRef: string, name: string): Promise<Result<{ device: DisplayDevice; key: string }>> {
    const hall = await adminHall(actor, hallRef);
    if (!hall.ok) return hall;
    const key = `hbd_${randomBytes(32).toString('base64url')}`;
    const [row] = await db
      .insert(displayDevices)
      .values({ hallId: hall.data.id, name, keyHash: hashDeviceKey(key), createdAt: clock.now() })
      .returning();
    if (!row) return fail('UNAVAILABLE', 'The device was not saved');
    return ok({ device: toDevice(row), key });
  }

  async function list(actor: StaffActor, hallRef: string): Promise<Result<{ devices: DisplayDevice[] }>> {
    const hall = await adminHall(actor, hallRef);
    if (!hall.ok) return hall;
    const rows = await db
      .select()
      .from(displayDevices)
      .where(eq(displayDevices.hallId, hall.data.id))
      .orderBy(asc(displayDevices.createdAt));
    return ok({ devices: rows.map(toDevice) });
  }

  /** Ends a key; screens connected with it are disconnected by the realtime layer. */
  async function revoke(actor: StaffActor, hallRef: string, deviceId: string): Promise<Result<{ device: DisplayDevice }>> {
    const hall = await adminHall(actor, hallRef);
    if (!hall.ok) return hall;
    const [existing] = await db
      .select()
      .from(displayDevices)
      .where(and(eq(displayDevices.id, deviceId), eq(displayDevices.hallId, hall.data.id)));
    if (!existing) return fail('NOT_FOUND', 'Display device not found');
    if (existing.revokedAt) return ok({ device: toDevice(existing) });
    const [row] = await db
      .update(displayDevices)
      .set({ revokedAt: clock.now() })
      .where(eq(displayDevices.id, deviceId))
      .returning();
    for (const listener of revokedListeners) listener(deviceId);
    return ok({ device: toDevice(row ?? existing) });
  }

  /**
   * Whether a screen may watch the hall. A valid key is recognised in every hall (so the
   * screen is known by name); it is required only where the hall's settings say so.
   */
  async function admit(hallRef: string, key: string | undefined): Promise<DisplayAdmission> {
    const hall = await findHall(db, hallRef);
    if (!hall) return { ok: false, code: 'NOT_FOUND', message: 'Hall not found' };
    let deviceId: string | null = null;
    if (key !== undefined && keyShape.test(key)) {
      const [device] = await db
        .select({ id: displayDevices.id })
        .from(displayDevices)
        .where(
          and(eq(displayDevices.hallId, hall.id), eq(displayDevices.keyHash, hashDeviceKey(key)), isNull(displayDevices.revokedAt)),
        );
      deviceId = device?.id ?? null;
    }
    if (settingsOf(hall).requireDeviceKey && deviceId === null) {
      return { ok: false, code: 'FORBIDDEN', message: 'This hall admits only displays with a valid device key' };
    }
    return { ok: true, hall: { id: hall.id, slug: hall.slug, name: hall.name }, deviceId };
  }

  function onRevoked(listener: (deviceId: string) => void) {
    revokedListeners.push(listener);
  }

  return { issue, list, revoke, admit, onRevoked };
}

export type DisplayDeviceService = ReturnType<typeof createDisplayDeviceService>;
