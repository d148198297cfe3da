import ExcelJS from 'exceljs';
import type { ServiceFields } from '../../contracts/admin';

type Row = ServiceFields & { active: boolean };

const kindLabels: Record<ServiceFields['kind'], string> = { normal: '普通', unresolved_matter: '办不成事', consultation: '咨询' };

/** The sheet's columns: Chinese headers, one service per row, lists one item per line. */
const columns: Array<{ header: string; width: number; write: (s: Row) => string | number | null }> = [
  { header: '前缀', width: 6, write: (s) => s.prefix },
  { header: '事项名称', width: 24, write: (s) => s.name },
  { header: '类型', width: 10, write: (s) => kindLabels[s.kind] },
  { header: '申请材料', width: 40, write: (s) => s.guide.materials.join('\n') },
  { header: '办理条件', width: 40, write: (s) => s.guide.conditions.join('\n') },
  { header: '办理时限', width: 28, write: (s) => s.guide.timeLimit },
  { header: '收费标准', width: 16, write: (s) => s.guide.fees },
  { header: '备注', width: 24, write: (s) => s.guide.notes ?? '' },
  { header: '承诺时限（工作日）', width: 10, write: (s) => s.promisedDays },
  { header: '每日限号', width: 10, write: (s) => s.dailyCap },
  { header: '办理时间', width: 32, write: (s) => formatHours(s.openingHours) },
  { header: '秒批', width: 6, write: (s) => (s.instantApproval ? '是' : '否') },
  { header: '网办链接', width: 30, write: (s) => s.onlineUrl ?? '' },
  { header: '每时段预约数', width: 10, write: (s) => s.slotCapacity },
  { header: '平均办理分钟', width: 10, write: (s) => s.typicalServiceMinutes },
  // Empty: the hall's setting. Optional on import, so sheets from before these columns still load.
  { header: '优先插队间隔', width: 10, write: (s) => s.priorityInterleave },
  { header: '超时优先分钟', width: 10, write: (s) => s.agingMinutes },
  { header: '目标等候分钟', width: 10, write: (s) => s.waitTargetMinutes },
  { header: '排序', width: 6, write: (s) => s.sortOrder },
  { header: '启用', width: 6, write: (s) => (s.active ? '是' : '否') },
];

const optionalHeaders = new Set(['备注', '启用', '优先插队间隔', '超时优先分钟', '目标等候分钟']);

/** "1-5 09:00-12:00; 1-5 13:30-17:00": weekdays (1 = Monday) and a range, periods split by ';'. */
export function formatHours(periods: ServiceFields['openingHours']): string {
  return periods
    .map((p) => {
      const days = [...p.weekdays].sort((a, b) => a - b);
      const run = days.length > 1 && days.every((d, i) => i === 0 || d === (days[i - 1] ?? 0) + 1);
      return `${run ? `${days[0]}-${days[days.length - 1]}` : days.join(',')} ${p.from}-${p.to}`;
    })
    .join('; ');
}

/** The inverse of formatHours; anything it cannot read comes back as text for the row check to refuse. */
export function parseHours(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return trimmed.split(/[;；]/).filter((p) => p.trim() !== '').map((part) => {
    const match = /^\s*([\d,，-]+)\s+(\d{1,2}:\d{2})\s*[-–~]\s*(\d{1,2}:\d{2})\s*$/.exec(part);
    if (!match) return part.trim();
    const weekdays: number[] = [];
    for (const piece of (match[1] ?? '').split(/[,，]/)) {
      const [a, b] = piece.split('-').map(Number);
      if (a === undefined || Number.isNaN(a)) continue;
      for (let d = a; d <= (b ?? a); d++) weekdays.push(d);
    }
    const pad = (t: string) => (t.length === 4 ? `0${t}` : t);
    return { weekdays, from: pad(match[2] ?? ''), to: pad(match[3] ?? '') };
  });
}

export async function catalogueToXlsx(services: readonly Row[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('事项目录');
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  for (const s of services) sheet.addRow(columns.map((c) => c.write(s)));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (let i = 2; i <= services.length + 1; i++) sheet.getRow(i).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) {
      const result: unknown = value.result;
      return typeof result === 'string' || typeof result === 'number' || typeof result === 'boolean' ? String(result) : '';
    }
    if (value instanceof Date) return value.toISOString();
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function yesNo(text: string): unknown {
  if (['是', 'true', '1', 'yes', 'y'].includes(text.toLowerCase())) return true;
  if (['否', 'false', '0', 'no', 'n', ''].includes(text.toLowerCase())) return false;
  return text;
}

function intOrNull(text: string): unknown {
  if (text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

/**
 * Reads the sheet back into raw rows, one per service, for the row-by-row check: nothing
 * here decides validity, so a bad cell reaches the check as written and its row is named.
 * Row numbers are the sheet's (the header is row 1).
 */
export async function xlsxToRows(data: Buffer): Promise<{ ok: true; rows: Array<{ row: number; value: unknown }> } | { ok: false; message: string }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { ok: false, message: 'The file is not an .xlsx workbook' };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, message: 'The workbook has no sheet' };
  const headers = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => headers.set(cellText(cell.value).trim(), col));
  const missing = columns.find((c) => !headers.has(c.header) && !optionalHeaders.has(c.header));
  if (missing) return { ok: false, message: `The sheet has no column ${missing.header}` };
  const rows: Array<{ row: number; value: unknown }> = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const get = (header: string) => {
      const col = headers.get(header);
      return col === undefined ? '' : cellText(row.getCell(col).value).trim();
    };
    if (columns.every((c) => get(c.header) === '')) return;
    const kindText = get('类型');
    const kind = (Object.entries(kindLabels).find(([, label]) => label === kindText)?.[0] ?? (kindText || 'normal'));
    const notes = get('备注');
    rows.push({
      row: number,
      value: {
        prefix: get('前缀'),
        name: get('事项名称'),
        kind,
        guide: {
          materials: lines(get('申请材料')),
          conditions: lines(get('办理条件')),
          timeLimit: get('办理时限'),
          fees: get('收费标准'),
          ...(notes ? { notes } : {}),
        },
        promisedDays: intOrNull(get('承诺时限（工作日）')),
        dailyCap: intOrNull(get('每日限号')),
        openingHours: parseHours(get('办理时间')),
        instantApproval: yesNo(get('秒批')),
        onlineUrl: get('网办链接') || null,
        slotCapacity: intOrNull(get('每时段预约数')),
        typicalServiceMinutes: intOrNull(get('平均办理分钟')) ?? 8,
        priorityInterleave: intOrNull(get('优先插队间隔')),
        agingMinutes: intOrNull(get('超时优先分钟')),
        waitTargetMinutes: intOrNull(get('目标等候分钟')),
        sortOrder: intOrNull(get('排序')) ?? 0,
        active: headers.has('启用') ? yesNo(get('启用')) : true,
      },
    });
  });
  return { ok: true, rows };
}
