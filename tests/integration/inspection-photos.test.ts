// Drivers: each. Why: the bytea round trip and the per-report count run on PostgreSQL and PGlite, opened here; the HTTP part runs once.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { inspectionPhotos, staff } from '../../db/schema';
import { photoLimits } from '../../server/contracts/inspection-photos';
import { createFakeClock } from '../../server/domain/clock';
import { createServices } from '../../server/services';
import { type TestDriver, openTestDb } from '../support/db';
import { createHallFixture, fixturePassword } from '../support/hall-fixture';
import { field, request } from '../support/http-client';
import { type TestServer, login, startTestServer } from '../support/server';
import { errorCode, present, unwrap } from '../support/results';

const drivers: TestDriver[] = ['postgres', 'pglite'];
const scores = { efficiency: 2, serviceLevel: 3, attitude: 3, environment: 4, guidance: 2 };

/** A camera-sized photo: 4000×3000 with a gradient so the JPEG is not trivially small. */
async function cameraPhoto(format: 'jpeg' | 'png' | 'webp' = 'jpeg', width = 4000, height = 3000): Promise<Buffer> {
  const gradient = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g"><stop offset="0" stop-color="#1d6fb8"/><stop offset="1" stop-color="#f2c14e"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width / 2}" cy="${height / 2}" r="${height / 4}" fill="#c0392b"/></svg>`,
  );
  return sharp(gradient).toFormat(format).toBuffer();
}

describe.each(drivers)('体验员 photos on %s', (driver) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb(driver);
  });
  afterAll(async () => {
    await handle.close();
  });

  async function setup() {
    const clock = createFakeClock('2026-11-27T02:00:00Z');
    const services = createServices({ db: handle.db, clock });
    const hall = await createHallFixture(handle.db);
    const id = randomUUID();
    await handle.db.insert(staff).values({ id, hallId: hall.hallId, username: `insp-${id.slice(0, 8)}`, displayName: '体验员', role: 'inspector', passwordHash: 'x' });
    const inspector = { id, username: `insp-${id.slice(0, 8)}`, displayName: '体验员', role: 'inspector' as const, hallId: hall.hallId, counterId: null };
    const { report } = unwrap(
      await services.inspections.file(inspector, hall.slug, {
        serviceId: present(hall.serviceIds.A),
        visitedAt: '2026-11-27T01:00:00Z',
        scores,
        problems: ['排队区无人引导'],
        summary: '上午排队无人引导',
      }),
    );
    return { services, hall, inspector, report };
  }

  it('a camera photo is stored resized as a JPEG without its metadata and shows in the report and its work order', async () => {
    const { services, hall, inspector, report } = await setup();
    const original = await sharp(await cameraPhoto('jpeg')).withMetadata({ exif: { IFD0: { Make: 'PhoneCo', Model: 'X1' } } }).toBuffer();
    const { photo } = unwrap(await services.inspectionPhotos.attach(inspector, report.id, { image: original.toString('base64') }));
    expect(photo).toMatchObject({ width: photoLimits.maxEdge, height: 1200, url: `/api/v1/inspection-photos/${photo.id}` });

    const [row] = await handle.db.select().from(inspectionPhotos).where(eq(inspectionPhotos.id, photo.id));
    const stored = present(row).data;
    expect(Buffer.isBuffer(stored)).toBe(true);
    expect(stored.length).toBeLessThan(original.length);
    const meta = await sharp(stored).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 1600, height: 1200 });
    expect(meta.exif).toBeUndefined();

    const mine = unwrap(await services.inspections.mine(inspector)).reports;
    expect(present(mine[0]).photos).toEqual([photo]);
    const orders = unwrap(await services.workOrders.list(hall.leader, hall.slug)).orders;
    expect(present(orders[0]).report?.photos).toEqual([photo]);

    const read = unwrap(await services.inspectionPhotos.read(hall.leader, photo.id));
    expect(read.contentType).toBe('image/jpeg');
    expect(read.data.equals(stored)).toBe(true);
  });

  it('a retried upload is stored once; the count per report is enforced; PNG and WebP are re-encoded too', async () => {
    const { services, inspector, report } = await setup();
    const first = (await cameraPhoto('png', 800, 600)).toString('base64');
    const a = unwrap(await services.inspectionPhotos.attach(inspector, report.id, { image: first }));
    const again = unwrap(await services.inspectionPhotos.attach(inspector, report.id, { image: first }));
    expect(again.photo.id).toBe(a.photo.id);
    expect(a.photo).toMatchObject({ width: 800, height: 600 });
    for (let i = 1; i < photoLimits.perReport; i += 1) {
      unwrap(await services.inspectionPhotos.attach(inspector, report.id, { image: (await cameraPhoto('webp', 800 + i, 600)).toString('base64') }));
    }
    const over = await services.inspectionPhotos.attach(inspector, report.id, { image: (await cameraPhoto('jpeg', 900, 600)).toString('base64') });
    expect(errorCode(over)).toBe('CONFLICT');
    const rows = await handle.db.select({ type: inspectionPhotos.contentType }).from(inspectionPhotos).where(eq(inspectionPhotos.reportId, report.id));
    expect(rows.map((r) => r.type)).toEqual(Array(photoLimits.perReport).fill('image/jpeg'));
  });

  it('refuses what is not a photo, a forged JPEG header, another inspector and other roles, storing nothing', async () => {
    const { services, hall, inspector, report } = await setup();
    const text = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
    const notPhoto = await services.inspectionPhotos.attach(inspector, report.id, { image: text });
    expect(notPhoto.ok ? null : notPhoto.error).toMatchObject({ code: 'VALIDATION', reason: 'photo_type' });
    const forged = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]).toString('base64');
    const broken = await services.inspectionPhotos.attach(inspector, report.id, { image: forged });
    expect(broken.ok ? null : broken.error).toMatchObject({ code: 'VALIDATION', reason: 'photo_unreadable' });
    const good = (await cameraPhoto('jpeg', 640, 480)).toString('base64');
    const stranger = { ...inspector, id: randomUUID() };
    expect(errorCode(await services.inspectionPhotos.attach(stranger, report.id, { image: good }))).toBe('FORBIDDEN');
    expect(errorCode(await services.inspectionPhotos.attach(hall.leader, report.id, { image: good }))).toBe('FORBIDDEN');
    expect(errorCode(await services.inspectionPhotos.attach(inspector, randomUUID(), { image: good }))).toBe('NOT_FOUND');
    expect(await handle.db.select().from(inspectionPhotos).where(eq(inspectionPhotos.reportId, report.id))).toEqual([]);
  });
});

describe('体验员 photos over HTTP', () => {
  let handle: DbHandle;
  let server: TestServer;
  beforeAll(async () => {
    handle = await openTestDb('postgres');
    server = await startTestServer(handle.db);
  });
  afterAll(async () => {
    await server.close();
    await handle.close();
  });

  it('uploads as base64 JSON, serves the resized JPEG with nosniff to the hall only, refuses a bad file with 400', async () => {
    const hall = await createHallFixture(handle.db);
    const other = await createHallFixture(handle.db);
    const username = `insp-${randomUUID().slice(0, 8)}`;
    const passwordHash = (await handle.db.select({ h: staff.passwordHash }).from(staff).where(eq(staff.id, hall.leader.id)))[0]?.h ?? '';
    await handle.db.insert(staff).values({ hallId: hall.hallId, username, displayName: '体验员', role: 'inspector', passwordHash });
    const inspector = await login(server.url, username, fixturePassword);
    const leader = await login(server.url, hall.leader.username, fixturePassword);
    const clerk = await login(server.url, hall.usernameOf(1), fixturePassword);
    const otherLeader = await login(server.url, other.leader.username, fixturePassword);

    const filed = await request(server.url, `/api/v1/halls/${hall.slug}/inspection-reports`, {
      method: 'POST',
      cookie: inspector,
      json: { serviceId: hall.serviceIds.A, visitedAt: new Date(Date.now() - 60_000).toISOString(), scores, problems: ['叫号屏不亮'], summary: '叫号屏故障' },
    });
    expect(filed.status, filed.text).toBe(201);
    const reportId = field(filed.json, 'report', 'id') as string;

    const photo = await cameraPhoto('jpeg');
    const uploaded = await request(server.url, `/api/v1/inspection-reports/${reportId}/photos`, { method: 'POST', cookie: inspector, json: { image: photo.toString('base64') } });
    expect(uploaded.status, uploaded.text).toBe(201);
    const url = field(uploaded.json, 'photo', 'url') as string;

    const orders = await request(server.url, `/api/v1/halls/${hall.slug}/work-orders`, { cookie: leader });
    expect(field(orders.json, 'orders', '0', 'report', 'photos', '0', 'url')).toBe(url);

    const res = await fetch(`${server.url}${url}`, { headers: { cookie: leader } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const served = Buffer.from(await res.arrayBuffer());
    expect(await sharp(served).metadata()).toMatchObject({ format: 'jpeg', width: 1600, height: 1200 });
    expect((await request(server.url, url, { cookie: clerk })).status).toBe(200);
    expect((await request(server.url, url, { cookie: otherLeader })).status).toBe(403);
    expect((await request(server.url, url)).status).toBe(401);

    const bad = await request(server.url, `/api/v1/inspection-reports/${reportId}/photos`, {
      method: 'POST',
      cookie: inspector,
      json: { image: Buffer.from('%PDF-1.7 not a photo at all').toString('base64') },
    });
    expect(bad.status).toBe(400);
    expect(field(bad.json, 'error', 'reason')).toBe('photo_type');
    const notBase64 = await request(server.url, `/api/v1/inspection-reports/${reportId}/photos`, { method: 'POST', cookie: inspector, json: { image: '***' } });
    expect(notBase64.status).toBe(400);
    const tooLarge = await request(server.url, `/api/v1/inspection-reports/${reportId}/photos`, {
      method: 'POST',
      cookie: inspector,
      json: { image: Buffer.alloc(photoLimits.maxUploadBytes + 3, 0xff).toString('base64') },
    });
    expect(tooLarge.status).toBe(400);
    const count = await handle.db.select({ id: inspectionPhotos.id }).from(inspectionPhotos).where(eq(inspectionPhotos.reportId, reportId));
    expect(count).toHaveLength(1);
  });
});
