import { z } from 'zod';
import { params } from '../../contracts/api';
import { historyQuery, historyReport } from '../../contracts/metrics-history';
import { historyCsv } from '../../services/metrics/history-csv';
import { reportDeadlineMs } from '../deadline';
import { staffRoute } from '../route-helpers';
import type { Route } from '../router';

const tags = ['Leaders'];

/** The leaders' history: JSON for the page and other clients, CSV for spreadsheets. */
export const metricsHistoryRoutes: Route[] = [
  staffRoute({
    method: 'GET',
    path: '/api/v1/halls/{hall}/metrics/history',
    summary: 'History of the hall by day, ISO week or month, for the hall or by service, counter or staff (leaders and admins of the hall)',
    tags,
    params: params.hall,
    query: historyQuery,
    response: historyReport,
    deadlineMs: reportDeadlineMs,
    handler: ({ params: p, query, actor, services }) => services.history.report(actor, p.hall, query),
  }),
  staffRoute({
    method: 'GET',
    path: '/api/v1/halls/{hall}/metrics/history.csv',
    summary: 'The same history as CSV (UTF-8 with BOM, Chinese headers) for Excel',
    tags,
    params: params.hall,
    query: historyQuery,
    response: z.string(),
    produces: 'text/csv',
    deadlineMs: reportDeadlineMs,
    handler: async ({ params: p, query, actor, services }) => {
      const result = await services.history.report(actor, p.hall, query);
      if (!result.ok) return result;
      const name = `history-${result.data.hall.slug}-${query.from}-${query.to}-${query.groupBy}-${query.by}.csv`;
      return {
        status: 200,
        body: historyCsv(result.data),
        contentType: 'text/csv; charset=utf-8',
        headers: { 'content-disposition': `attachment; filename="${name}"` },
      };
    },
  }),
];
