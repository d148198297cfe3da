import { zhCN } from '../../../messages/zh-CN';
import type { HistoryFigures, HistoryReport } from '../../contracts/metrics-history';

const headers = zhCN.leaderHistory.csv;

type Column = [header: string, value: (f: HistoryFigures) => number | null];

const levelKeys = ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'] as const;
const counts = ['issued', 'called', 'served', 'noShows', 'cancelled', 'transferred'] as const;
const times = ['avgWaitMinutes', 'avgWalkMinutes', 'avgServiceMinutes', 'openMinutes', 'idleMinutes', 'rated'] as const;
const after = ['avgEfficiency', 'avgServiceLevel', 'avgAttitude', 'refusals', 'refusalsApproved', 'cases'] as const;

/** A spreadsheet reader expects rates as percentages (12.5), not fractions (0.125). */
export const asPercent = (share: number | null): number | null => (share === null ? null : Math.round(share * 10_000) / 100);

const columns: Column[] = [
  ...counts.map((k): Column => [headers[k], (f) => f[k]]),
  [headers.noShowRate, (f) => asPercent(f.noShowRate)],
  ...times.map((k): Column => [headers[k], (f) => f[k]]),
  ...levelKeys.map((k): Column => [headers[k], (f) => f.levels[k]]),
  [headers.goodShare, (f) => asPercent(f.goodShare)],
  [headers.badRatings, (f) => f.badRatings],
  ...after.map((k): Column => [headers[k], (f) => f[k]]),
];

/** RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet never runs a name as a formula. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The report as CSV: UTF-8 with a byte-order mark (Excel then reads Chinese correctly),
 * Chinese headers, CRLF line ends, one line per period and key as in the JSON rows.
 */
export function historyCsv(report: HistoryReport): string {
  // Each name is quoted once per key, not once per row; numbers need no quoting.
  const names = new Map(report.keys.map((k) => [k.key, cell(k.label ?? zhCN.leaderHistory.unattributed)]));
  const lines = [[headers.period, headers.name, ...columns.map(([h]) => h)].map(cell).join(',')];
  for (const row of report.rows) {
    let line = `${cell(row.period)},${names.get(row.key) ?? cell(row.key)}`;
    for (const [, value] of columns) {
      const v = value(row);
      line += v === null ? ',' : `,${v}`;
    }
    lines.push(line);
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
