import { z } from 'zod';
import * as photos from '../../contracts/inspection-photos';
import * as rect from '../../contracts/rectification';
import { staffRoute } from '../route-helpers';
import type { Route } from '../router';

const tags = ['Rectification'];

/** 整改 work orders, appeals and 体验员 visit reports. */
export const rectificationRoutes: Route[] = [
  staffRoute({
    method: 'GET',
    path: '/api/v1/halls/{hall}/work-orders',
    summary: "The hall's work orders: open (default), overdue or all (leaders and admins of the hall)",
    tags,
    params: rect.rectificationParams.hall,
    query: rect.workOrderQuery,
    response: rect.workOrderList,
    handler: ({ params, query, actor, services }) => services.workOrders.list(actor, params.hall, query.status),
  }),
  staffRoute({
    method: 'GET',
    path: '/api/v1/work-orders/{workOrderId}',
    summary: 'One work order with its rating or report, steps and deadlines (leaders and admins of its hall)',
    tags,
    params: rect.rectificationParams.workOrder,
    response: rect.workOrderResponse,
    handler: ({ params, actor, services }) => services.workOrders.detail(actor, params.workOrderId),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/v1/work-orders/{workOrderId}/advance',
    summary: 'Do the current step (verify, rectify, answer with the text the citizen reads, review) with a note',
    tags,
    params: rect.rectificationParams.workOrder,
    body: rect.advanceBody,
    response: rect.workOrderResponse,
    idempotent: true,
    handler: ({ params, body, actor, idempotencyKey, services }) => services.workOrders.advance(actor, params.workOrderId, body, idempotencyKey),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/v1/work-orders/{workOrderId}/appeal',
    summary:
      'Ask an appeal (the order shows it waiting), or, as a second leader, uphold the one asked: exclude the malicious rating from every figure and close its order. The leader who asked cannot uphold it (403, reason SECOND_LEADER_REQUIRED)',
    tags,
    params: rect.rectificationParams.workOrder,
    body: rect.appealBody,
    response: rect.workOrderResponse,
    idempotent: true,
    handler: ({ params, body, actor, idempotencyKey, services }) => services.workOrders.appeal(actor, params.workOrderId, body, idempotencyKey),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/v1/work-orders/{workOrderId}/appeal/decline',
    summary: 'Decline the appeal waiting on the order (a second leader), or withdraw one\'s own: the rating stands and the order goes on',
    tags,
    params: rect.rectificationParams.workOrder,
    body: rect.appealDeclineBody,
    response: rect.workOrderResponse,
    idempotent: true,
    handler: ({ params, body, actor, idempotencyKey, services }) => services.workOrders.declineAppeal(actor, params.workOrderId, body, idempotencyKey),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/v1/halls/{hall}/inspection-reports',
    summary: '体验员: file a visit report (inspectors); any problem found opens a work order',
    tags,
    params: rect.rectificationParams.hall,
    body: rect.inspectionReportBody,
    status: 201,
    response: rect.inspectionReportCreated,
    handler: ({ params, body, actor, services }) => services.inspections.file(actor, params.hall, body),
  }),
  staffRoute({
    method: 'GET',
    path: '/api/v1/inspection-reports/mine',
    summary: "The signed-in inspector's reports, each with its work order and the hall's feedback",
    tags,
    response: rect.inspectionReportList,
    handler: ({ actor, services }) => services.inspections.mine(actor),
  }),
  staffRoute({
    method: 'POST',
    path: '/api/v1/inspection-reports/{reportId}/photos',
    summary: `体验员: attach a photo (JPEG, PNG or WebP as base64, at most ${photos.photoLimits.perReport} a report) to one's own report; stored resized`,
    tags,
    params: photos.photoParams.report,
    body: photos.photoUploadBody,
    maxBodyBytes: photos.photoUploadMaxBodyBytes,
    // Decoding and resizing a phone photo takes longer than a plain command.
    deadlineMs: 15_000,
    status: 201,
    response: photos.inspectionPhotoCreated,
    handler: ({ params, body, actor, services }) => services.inspectionPhotos.attach(actor, params.reportId, body),
  }),
  staffRoute({
    method: 'GET',
    path: '/api/v1/inspection-photos/{photoId}',
    summary: "A report's photo (image/jpeg), for the hall's staff and leaders and the inspector who took it",
    tags,
    params: photos.photoParams.photo,
    response: z.string(),
    produces: 'image/jpeg',
    handler: async ({ params, actor, services }) => {
      const result = await services.inspectionPhotos.read(actor, params.photoId);
      if (!result.ok) return result;
      // The router answers every API request `no-store`: the photo may show people, no cache keeps it.
      return { status: 200, body: result.data.data, contentType: result.data.contentType };
    },
  }),
];
