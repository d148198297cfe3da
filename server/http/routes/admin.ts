import type { z } from 'zod';
import * as admin from '../../contracts/admin';
import { displayDeviceBody, displayDeviceList, emptyBody, issuedDisplayDevice } from '../../contracts/api';
import type { Account } from '../../services/actors';
import type { AdminContext } from '../../services/admin/access';
import type { Result } from '../../services/result';
import { type Reply, type Route, type RouteContext, route } from '../router';

type AdminHandler<P, B, Q> = (ctx: Omit<RouteContext<P, B, Q>, 'account'> & { admin: AdminContext }) => Promise<Reply | Result<unknown>>;

/**
 * A route of the admin console. The router authenticates any account (a district admin is
 * bound to no hall); the service authorises it against the hall it touches, where it runs.
 */
function adminRoute<P extends z.ZodType, B extends z.ZodType, Q extends z.ZodType>(
  spec: Omit<Route<P, B, Q>, 'auth' | 'account' | 'handler' | 'tags'> & { handler: AdminHandler<z.infer<P>, z.infer<B>, z.infer<Q>> },
): Route {
  const { handler, ...rest } = spec;
  return route<P, B, Q>({
    ...rest,
    tags: ['Admin'],
    account: true,
    handler: (ctx) => handler({ ...ctx, admin: { account: ctx.account as Account, ip: ctx.client.ip } }),
  });
}

const hallPath = (rest = '') => `/api/v1/admin/halls/{hall}${rest}`;
const p = admin.adminParams;

/** A file download: the result's bytes or text with its type and a file name. */
function download(result: Result<{ body: string | Buffer; name: string }>, contentType: string): Reply | Result<unknown> {
  if (!result.ok) return result;
  return {
    status: 200,
    body: result.data.body,
    contentType,
    headers: { 'content-disposition': `attachment; filename="${result.data.name}"` },
  };
}

export const adminRoutes: Route[] = [
  adminRoute({
    method: 'GET',
    path: '/api/v1/admin/me',
    summary: 'The signed-in admin and their scope (district: every hall; hall: their own)',
    response: admin.adminMeResponse,
    handler: ({ admin: ctx, services }) => Promise.resolve(services.admin.me(ctx)),
  }),
  route({
    method: 'POST',
    path: '/api/v1/me/password',
    summary: "Change one's own password with the current one; the account's other sessions end",
    tags: ['Auth'],
    account: true,
    body: admin.passwordChangeBody,
    response: admin.okResponse,
    handler: ({ account, body, services, sessionId, client }) =>
      services.admin.staff.changeOwnPassword({ account: account as Account, ip: client.ip }, sessionId, body.currentPassword, body.newPassword),
  }),
  adminRoute({
    method: 'GET',
    path: '/api/v1/admin/halls',
    summary: 'The halls the admin manages (a district admin: every hall)',
    response: admin.adminHallList,
    handler: ({ admin: ctx, services }) => services.admin.halls.list(ctx),
  }),
  adminRoute({
    method: 'POST',
    path: '/api/v1/admin/halls',
    summary: 'Create a hall (district admin)',
    body: admin.hallCreateBody,
    status: 201,
    response: admin.adminHallResponse,
    handler: ({ admin: ctx, body, services }) => services.admin.halls.create(ctx, body),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath(),
    summary: "A hall's name, address, time zone, hours (午休 between periods), calendar and the halls it oversees",
    params: p.hall,
    response: admin.adminHallResponse,
    handler: ({ admin: ctx, params, services }) => services.admin.halls.get(ctx, params.hall),
  }),
  adminRoute({
    method: 'PATCH',
    path: hallPath(),
    summary: 'Change a hall (any subset of its fields)',
    params: p.hall,
    body: admin.hallUpdateBody,
    response: admin.adminHallResponse,
    handler: ({ admin: ctx, params, body, services }) => services.admin.halls.update(ctx, params.hall, body),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/settings'),
    summary: "The hall's rules as named settings, each with its default",
    params: p.hall,
    response: admin.hallSettingsResponse,
    handler: ({ admin: ctx, params, services }) => services.admin.halls.settings(ctx, params.hall),
  }),
  adminRoute({
    method: 'PATCH',
    path: hallPath('/settings'),
    summary: 'Change some of the hall settings (each field validated)',
    params: p.hall,
    body: admin.hallSettingsPatch,
    response: admin.hallSettingsResponse,
    handler: ({ admin: ctx, params, body, services }) => services.admin.halls.patchSettings(ctx, params.hall, body),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/outbox'),
    summary: "The hall's outgoing messages (SMS…): counts by status and the newest 100, phones masked",
    params: p.hall,
    query: admin.outboxQuery,
    response: admin.outboxResponse,
    handler: ({ admin: ctx, params, query, services }) => services.admin.outbox.list(ctx, params.hall, query),
  }),
  adminRoute({
    method: 'POST',
    path: hallPath('/outbox/{messageId}/resend'),
    summary: 'Send a dead message again, with a fresh set of attempts',
    params: p.outboxMessage,
    body: emptyBody,
    response: admin.outboxResendResponse,
    handler: ({ admin: ctx, params, services }) => services.admin.outbox.resend(ctx, params.hall, params.messageId),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/services'),
    summary: "The hall's services with their guides, disabled ones included",
    params: p.hall,
    response: admin.adminServiceList,
    handler: ({ admin: ctx, params, services }) => services.admin.services.list(ctx, params.hall),
  }),
  adminRoute({
    method: 'POST',
    path: hallPath('/services'),
    summary: 'Create a service (prefix unique in the hall)',
    params: p.hall,
    body: admin.serviceCreateBody,
    status: 201,
    response: admin.adminServiceResponse,
    handler: ({ admin: ctx, params, body, services }) => services.admin.services.create(ctx, params.hall, body),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/services/export'),
    summary: "Export the hall's service catalogue with guides (JSON)",
    params: p.hall,
    response: admin.serviceCatalogue,
    handler: ({ admin: ctx, params, services }) => services.admin.services.exportJson(ctx, params.hall),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/services/export.xlsx'),
    summary: "Export the hall's service catalogue as an Excel sheet (Chinese headers)",
    params: p.hall,
    response: admin.serviceCatalogue,
    produces: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    handler: async ({ admin: ctx, params, services }) => {
      const result = await services.admin.services.exportXlsx(ctx, params.hall);
      return download(
        result.ok ? { ok: true, data: { body: result.data.file, name: `services-${result.data.slug}.xlsx` } } : result,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
    },
  }),
  adminRoute({
    method: 'POST',
    path: hallPath('/services/import'),
    summary: 'Import services (JSON rows, or the .xlsx as base64), matched by prefix: all or nothing, the first bad row named',
    params: p.hall,
    body: admin.serviceImportBody,
    maxBodyBytes: 1024 * 1024,
    response: admin.serviceImportResponse,
    handler: ({ admin: ctx, params, body, services }) => services.admin.services.importCatalogue(ctx, params.hall, body),
  }),
  adminRoute({
    method: 'PATCH',
    path: hallPath('/services/{serviceId}'),
    summary: 'Change a service; active: false disables it (its history stays)',
    params: p.service,
    body: admin.serviceUpdateBody,
    response: admin.adminServiceResponse,
    handler: ({ admin: ctx, params, body, services }) => services.admin.services.update(ctx, params.hall, params.serviceId, body),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/counters'),
    summary: "The hall's counters with the services each serves",
    params: p.hall,
    response: admin.adminCounterList,
    handler: ({ admin: ctx, params, services }) => services.admin.counters.list(ctx, params.hall),
  }),
  adminRoute({
    method: 'POST',
    path: hallPath('/counters'),
    summary: 'Create a counter (number unique in the hall)',
    params: p.hall,
    body: admin.counterCreateBody,
    status: 201,
    response: admin.adminCounterResponse,
    handler: ({ admin: ctx, params, body, services }) => services.admin.counters.create(ctx, params.hall, body),
  }),
  adminRoute({
    method: 'PATCH',
    path: hallPath('/counters/{counterId}'),
    summary: 'Change a counter: number, name, kind, open or closed',
    params: p.counter,
    body: admin.counterUpdateBody,
    response: admin.adminCounterResponse,
    handler: ({ admin: ctx, params, body, services }) => services.admin.counters.update(ctx, params.hall, params.counterId, body),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/counter-services'),
    summary: 'The counters × services matrix (综合窗口 planning)',
    params: p.hall,
    response: admin.serviceMatrix,
    handler: ({ admin: ctx, params, services }) => services.admin.counters.matrix(ctx, params.hall),
  }),
  adminRoute({
    method: 'PUT',
    path: hallPath('/counter-services'),
    summary: 'Replace the whole counters × services matrix',
    params: p.hall,
    body: admin.serviceMatrixBody,
    response: admin.serviceMatrix,
    handler: ({ admin: ctx, params, body, services }) => services.admin.counters.setMatrix(ctx, params.hall, body),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/staff'),
    summary: "The hall's accounts",
    params: p.hall,
    response: admin.adminStaffList,
    handler: ({ admin: ctx, params, services }) => services.admin.staff.list(ctx, params.hall),
  }),
  adminRoute({
    method: 'POST',
    path: hallPath('/staff'),
    summary: 'Create an account with a role, optionally bound to a counter; the admin sets its first password',
    params: p.hall,
    body: admin.staffCreateBody,
    status: 201,
    response: admin.adminStaffResponse,
    handler: ({ admin: ctx, params, body, services }) => services.admin.staff.create(ctx, params.hall, body),
  }),
  adminRoute({
    method: 'PATCH',
    path: hallPath('/staff/{staffId}'),
    summary: 'Change an account; disabling it or changing its role ends its sessions and sockets',
    params: p.staff,
    body: admin.staffUpdateBody,
    response: admin.adminStaffResponse,
    handler: ({ admin: ctx, params, body, services }) => services.admin.staff.update(ctx, params.hall, params.staffId, body),
  }),
  adminRoute({
    method: 'POST',
    path: hallPath('/staff/{staffId}/password'),
    summary: "Set an account's password (the admin tells the person); its sessions and sockets end",
    params: p.staff,
    body: admin.passwordResetBody,
    response: admin.okResponse,
    handler: ({ admin: ctx, params, body, services }) => services.admin.staff.resetPassword(ctx, params.hall, params.staffId, body.password),
  }),
  adminRoute({
    method: 'POST',
    path: hallPath('/staff/{staffId}/unlock'),
    summary: "Lift an account's sign-in delay and lockout after wrong passwords (recorded in the audit)",
    params: p.staff,
    body: emptyBody,
    response: admin.okResponse,
    handler: ({ admin: ctx, params, services }) => services.admin.staff.unlockSignIn(ctx, params.hall, params.staffId),
  }),
  adminRoute({
    method: 'GET',
    path: '/api/v1/admin/district-admins',
    summary: 'The district admins (district admin)',
    response: admin.adminStaffList,
    handler: ({ admin: ctx, services }) => services.admin.staff.districtAdmins(ctx),
  }),
  adminRoute({
    method: 'POST',
    path: '/api/v1/admin/district-admins',
    summary: 'Create a district admin (district admin)',
    body: admin.districtAdminCreateBody,
    status: 201,
    response: admin.adminStaffResponse,
    handler: ({ admin: ctx, body, services }) => services.admin.staff.createDistrictAdmin(ctx, body),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/duty-roster'),
    summary: 'The duty roster of a month (领导值班)',
    params: p.hall,
    query: admin.rosterMonthQuery,
    response: admin.rosterResponse,
    handler: ({ admin: ctx, params, query, services }) => services.admin.roster(ctx, params.hall, query.month),
  }),
  adminRoute({
    method: 'PUT',
    path: hallPath('/duty-roster'),
    summary: 'Set (or clear, with staffId null) the leader on duty for some days',
    params: p.hall,
    body: admin.rosterBody,
    response: admin.rosterResponse,
    handler: ({ admin: ctx, params, body, services }) => services.admin.setRoster(ctx, params.hall, body),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/display-devices'),
    summary: "The hall's registered screens",
    params: p.hall,
    response: displayDeviceList,
    handler: ({ admin: ctx, params, services }) => services.admin.devices(ctx, params.hall),
  }),
  adminRoute({
    method: 'POST',
    path: hallPath('/display-devices'),
    summary: 'Register a screen; its key is returned this once',
    params: p.hall,
    body: displayDeviceBody,
    status: 201,
    response: issuedDisplayDevice,
    handler: ({ admin: ctx, params, body, services }) => services.admin.issueDevice(ctx, params.hall, body.name),
  }),
  adminRoute({
    method: 'PATCH',
    path: hallPath('/display-devices/{deviceId}'),
    summary: 'Rename a screen',
    params: p.device,
    body: admin.displayDeviceRenameBody,
    response: admin.displayDeviceResponse,
    handler: ({ admin: ctx, params, body, services }) => services.admin.renameDevice(ctx, params.hall, params.deviceId, body.name),
  }),
  adminRoute({
    method: 'POST',
    path: hallPath('/display-devices/{deviceId}/revoke'),
    summary: 'Revoke a screen key; screens using it are disconnected',
    params: p.device,
    body: admin.okResponse.partial().strict(),
    response: admin.displayDeviceResponse,
    handler: ({ admin: ctx, params, services }) => services.admin.revokeDevice(ctx, params.hall, params.deviceId),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/notices'),
    summary: "The TV's notices, call template and urgent notice",
    params: p.hall,
    response: admin.noticesResponse,
    handler: ({ admin: ctx, params, services }) => services.admin.halls.notices(ctx, params.hall),
  }),
  adminRoute({
    method: 'PUT',
    path: hallPath('/notices'),
    summary: "Set the TV's scrolling notices, call template and repeats",
    params: p.hall,
    body: admin.noticesBody,
    response: admin.noticesResponse,
    handler: ({ admin: ctx, params, body, services }) => services.admin.halls.setNotices(ctx, params.hall, body),
  }),
  adminRoute({
    method: 'PUT',
    path: hallPath('/urgent-notice'),
    summary: 'Post the urgent notice every screen of the hall shows at once, or clear it with null',
    params: p.hall,
    body: admin.urgentNoticeBody,
    response: admin.noticesResponse,
    handler: ({ admin: ctx, params, body, services }) => services.admin.halls.setUrgent(ctx, params.hall, body.text),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/audit'),
    summary: "Who changed what in the hall and who read a citizen's full phone (entity personal_data, with the reason), newest first (filter by time, actor, entity)",
    params: p.hall,
    query: admin.auditQuery,
    response: admin.auditResponse,
    handler: ({ admin: ctx, params, query, services }) => services.admin.audit(ctx, params.hall, query),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/audit.csv'),
    summary: 'The same history as CSV (UTF-8 with BOM, Chinese headers)',
    params: p.hall,
    query: admin.auditQuery,
    response: admin.auditResponse,
    produces: 'text/csv',
    handler: async ({ admin: ctx, params, query, services }) => {
      const result = await services.admin.auditExport(ctx, params.hall, query);
      return download(result.ok ? { ok: true, data: { body: result.data.csv, name: `audit-${result.data.slug}.csv` } } : result, 'text/csv; charset=utf-8');
    },
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/sign-ins'),
    summary: "Sign-ins to the hall's accounts, good and refused, newest first (filter by time, username, result)",
    params: p.hall,
    query: admin.signInQuery,
    response: admin.signInResponse,
    handler: ({ admin: ctx, params, query, services }) => services.admin.signIns(ctx, params.hall, query),
  }),
  adminRoute({
    method: 'GET',
    path: hallPath('/sign-ins.csv'),
    summary: 'The same sign-ins as CSV (UTF-8 with BOM, Chinese headers)',
    params: p.hall,
    query: admin.signInQuery,
    response: admin.signInResponse,
    produces: 'text/csv',
    handler: async ({ admin: ctx, params, query, services }) => {
      const result = await services.admin.signInExport(ctx, params.hall, query);
      return download(result.ok ? { ok: true, data: { body: result.data.csv, name: `sign-ins-${result.data.slug}.csv` } } : result, 'text/csv; charset=utf-8');
    },
  }),
];
