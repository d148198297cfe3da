import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../../db/client';
import { counterServices, services, settingsOf } from '../../../db/schema';
import {
  type AdminService,
  type ServiceCatalogue,
  type ServiceCreateBody,
  type ServiceFields,
  type ServiceImportBody,
  type ServiceImportResponse,
  type ServiceUpdateBody,
  serviceFields,
} from '../../contracts/admin';
import type { RunCommand } from '../command';
import type { HallRow, ServiceRow } from '../lookups';
import { type Result, fail, ok, refuse } from '../result';
import { type AdminContext, adminActorId, adminHall } from './access';
import { writeAudit } from './audit';
import { catalogueToXlsx, xlsxToRows } from './catalogue-sheet';

const emptyGuide = { materials: [], conditions: [], timeLimit: '', fees: '' };

function fieldsOf(row: ServiceRow): ServiceFields & { active: boolean } {
  return {
    prefix: row.prefix,
    name: row.name,
    kind: row.kind,
    guide: { ...emptyGuide, ...row.guide },
    dailyCap: row.dailyCap,
    openingHours: row.openingHours,
    instantApproval: row.instantApproval,
    onlineUrl: row.onlineUrl,
    promisedDays: row.promisedDays,
    slotCapacity: row.slotCapacity,
    typicalServiceMinutes: row.typicalServiceMinutes,
    priorityInterleave: row.priorityInterleave,
    agingMinutes: row.agingMinutes,
    waitTargetMinutes: row.waitTargetMinutes,
    sortOrder: row.sortOrder,
    active: row.active,
  };
}

/** A catalogue written before services had rules of their own leaves them to the hall. */
const importRow = serviceFields.extend({
  active: z.boolean().default(true),
  priorityInterleave: serviceFields.shape.priorityInterleave.default(null),
  agingMinutes: serviceFields.shape.agingMinutes.default(null),
  waitTargetMinutes: serviceFields.shape.waitTargetMinutes.default(null),
});

export function createCatalogue({ db, runCommand }: { db: Db; runCommand: RunCommand }) {
  async function counterIdsOf(dbOrTx: Db | Tx, serviceIds: string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (serviceIds.length === 0) return map;
    const links = await dbOrTx.select().from(counterServices).where(inArray(counterServices.serviceId, serviceIds));
    for (const l of links) map.set(l.serviceId, [...(map.get(l.serviceId) ?? []), l.counterId]);
    return map;
  }

  async function toAdmin(dbOrTx: Db | Tx, row: ServiceRow): Promise<AdminService> {
    const links = await counterIdsOf(dbOrTx, [row.id]);
    return { id: row.id, ...fieldsOf(row), counterIds: links.get(row.id) ?? [] };
  }

  async function rowsOf(hallId: string): Promise<ServiceRow[]> {
    return db.select().from(services).where(eq(services.hallId, hallId)).orderBy(asc(services.sortOrder), asc(services.prefix));
  }

  async function list(ctx: AdminContext, hallRef: string): Promise<Result<{ services: AdminService[] }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const rows = await rowsOf(hall.data.id);
    const links = await counterIdsOf(db, rows.map((r) => r.id));
    return ok({ services: rows.map((r) => ({ id: r.id, ...fieldsOf(r), counterIds: links.get(r.id) ?? [] })) });
  }

  async function prefixTaken(tx: Tx, hallId: string, prefix: string, except?: string): Promise<boolean> {
    const [row] = await tx.select({ id: services.id }).from(services).where(and(eq(services.hallId, hallId), eq(services.prefix, prefix)));
    return row !== undefined && row.id !== except;
  }

  function valuesOf(hall: HallRow, body: ServiceCreateBody) {
    return {
      hallId: hall.id,
      prefix: body.prefix,
      name: body.name,
      kind: body.kind ?? 'normal',
      guide: body.guide ?? emptyGuide,
      dailyCap: body.dailyCap ?? null,
      // A new service keeps the hall's published hours unless it is given its own.
      openingHours: body.openingHours ?? settingsOf(hall).openingHours,
      instantApproval: body.instantApproval ?? false,
      onlineUrl: body.onlineUrl ?? null,
      promisedDays: body.promisedDays ?? null,
      slotCapacity: body.slotCapacity ?? null,
      typicalServiceMinutes: body.typicalServiceMinutes ?? 8,
      priorityInterleave: body.priorityInterleave ?? null,
      agingMinutes: body.agingMinutes ?? null,
      waitTargetMinutes: body.waitTargetMinutes ?? null,
      sortOrder: body.sortOrder ?? 0,
    };
  }

  async function create(ctx: AdminContext, hallRef: string, body: ServiceCreateBody): Promise<Result<{ service: AdminService }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return runCommand({ actor: adminActorId(ctx.account), hallId: hall.data.id, request: body }, async ({ tx, now, emit }) => {
      if (await prefixTaken(tx, hall.data.id, body.prefix)) {
        refuse('CONFLICT', `Prefix ${body.prefix} is taken in this hall`, { reason: 'PREFIX_TAKEN', details: { prefix: body.prefix } });
      }
      const [row] = await tx.insert(services).values({ ...valuesOf(hall.data, body), createdAt: now }).returning();
      if (!row) refuse('UNAVAILABLE', 'The service was not saved');
      await writeAudit(tx, ctx, now, { hallId: hall.data.id, entity: 'service', entityId: row.id, action: 'create', before: null, after: fieldsOf(row) });
      emit({ type: 'config.changed', data: { entity: 'service', id: row.id } });
      return { service: await toAdmin(tx, row) };
    });
  }

  async function update(ctx: AdminContext, hallRef: string, serviceId: string, body: ServiceUpdateBody): Promise<Result<{ service: AdminService }>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    return runCommand({ actor: adminActorId(ctx.account), hallId: hall.data.id, request: { serviceId, body } }, async ({ tx, now, emit }) => {
      const [before] = await tx
        .select()
        .from(services)
        .where(and(eq(services.id, serviceId), eq(services.hallId, hall.data.id)))
        .for('update');
      if (!before) refuse('NOT_FOUND', 'Service not found in this hall');
      if (body.prefix !== undefined && (await prefixTaken(tx, hall.data.id, body.prefix, serviceId))) {
        refuse('CONFLICT', `Prefix ${body.prefix} is taken in this hall`, { reason: 'PREFIX_TAKEN', details: { prefix: body.prefix } });
      }
      const [after] = await tx.update(services).set(body).where(eq(services.id, serviceId)).returning();
      if (!after) refuse('NOT_FOUND', 'Service not found in this hall');
      const action = body.active === false && before.active ? 'disable' : body.active === true && !before.active ? 'enable' : 'update';
      await writeAudit(tx, ctx, now, { hallId: hall.data.id, entity: 'service', entityId: serviceId, action, before: fieldsOf(before), after: fieldsOf(after) });
      emit({ type: 'config.changed', data: { entity: 'service', id: serviceId } });
      return { service: await toAdmin(tx, after) };
    });
  }

  async function exportJson(ctx: AdminContext, hallRef: string): Promise<Result<ServiceCatalogue>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    const rows = await rowsOf(hall.data.id);
    return ok({ format: 'hallboard.services', version: 1, hall: hall.data.slug, services: rows.map(fieldsOf) });
  }

  async function exportXlsx(ctx: AdminContext, hallRef: string): Promise<Result<{ file: Buffer; slug: string }>> {
    const catalogue = await exportJson(ctx, hallRef);
    if (!catalogue.ok) return catalogue;
    return ok({ file: await catalogueToXlsx(catalogue.data.services), slug: catalogue.data.hall });
  }

  /**
   * Imports a catalogue, matched by prefix: a known prefix updates that service, a new one
   * creates it. Every row is checked before anything is written, and the first bad row is
   * named (its index in the JSON list from 1, or its sheet row); the whole import is one
   * transaction, so it lands entirely or not at all.
   */
  async function importCatalogue(ctx: AdminContext, hallRef: string, body: ServiceImportBody): Promise<Result<ServiceImportResponse>> {
    const hall = await adminHall(db, ctx.account, hallRef);
    if (!hall.ok) return hall;
    let raw: Array<{ row: number; value: unknown }>;
    if (body.xlsxBase64 !== undefined) {
      const sheet = await xlsxToRows(Buffer.from(body.xlsxBase64, 'base64'));
      if (!sheet.ok) return fail('VALIDATION', sheet.message, { reason: 'IMPORT_FILE' });
      raw = sheet.rows;
      if (raw.length === 0) return fail('VALIDATION', 'The sheet has no service rows', { reason: 'IMPORT_FILE' });
      if (raw.length > 200) return fail('VALIDATION', 'At most 200 services per import', { reason: 'IMPORT_FILE' });
    } else {
      raw = (body.services ?? []).map((value, i) => ({ row: i + 1, value }));
    }
    const rows: Array<ServiceFields & { active: boolean }> = [];
    const seen = new Map<string, number>();
    for (const { row, value } of raw) {
      const parsed = importRow.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join('.') ?? '';
        return fail('VALIDATION', `Row ${row}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`, {
          reason: 'IMPORT_ROW',
          details: { row, field },
        });
      }
      const first = seen.get(parsed.data.prefix);
      if (first !== undefined) {
        return fail('VALIDATION', `Row ${row}: prefix ${parsed.data.prefix} repeats row ${first}`, {
          reason: 'IMPORT_ROW',
          details: { row, field: 'prefix' },
        });
      }
      seen.set(parsed.data.prefix, row);
      rows.push(parsed.data);
    }
    const existing = new Map((await rowsOf(hall.data.id)).map((s) => [s.prefix, s]));
    const created = rows.filter((r) => !existing.has(r.prefix)).map((r) => r.prefix);
    const updated = rows.filter((r) => existing.has(r.prefix)).map((r) => r.prefix);
    if (body.dryRun) return ok({ created, updated, dryRun: true });
    return runCommand({ actor: adminActorId(ctx.account), hallId: hall.data.id, request: body }, async ({ tx, now, emit }) => {
      for (const r of rows) {
        const [before] = await tx
          .select()
          .from(services)
          .where(and(eq(services.hallId, hall.data.id), eq(services.prefix, r.prefix)))
          .for('update');
        const [after] = before
          ? await tx.update(services).set(r).where(eq(services.id, before.id)).returning()
          : await tx.insert(services).values({ ...valuesOf(hall.data, r), active: r.active, createdAt: now }).returning();
        if (!after) refuse('UNAVAILABLE', 'A service was not saved');
        await writeAudit(tx, ctx, now, {
          hallId: hall.data.id,
          entity: 'service',
          entityId: after.id,
          action: before ? 'import.update' : 'import.create',
          before: before ? fieldsOf(before) : null,
          after: fieldsOf(after),
        });
      }
      emit({ type: 'config.changed', data: { entity: 'service', id: null } });
      return { created, updated, dryRun: false };
    });
  }

  return { list, create, update, exportJson, exportXlsx, importCatalogue };
}
