'use client';

import { useEffect, useState } from 'react';
import { type ServiceMatrix, serviceMatrix, serviceMatrixBody } from '@/server/contracts/admin';
import { useMessages } from '../i18n';
import { useMounted } from '../use-mounted';
import { adminRequest, hallPath } from './admin-api';
import { FormStatus } from './form-kit';
import { describeAdminError, issuesToFields } from './form-errors';

/**
 * Counters × services, the way a hall plans its 综合窗口: tick what each counter serves and
 * save the whole matrix at once (PUT), so the hall never runs on half a plan.
 */
export function ServiceMatrixEditor({ hall, matrix, onSaved }: { hall: string; matrix: ServiceMatrix; onSaved: (m: ServiceMatrix) => void }) {
  const t = useMessages();
  const m = t.admin.matrix;
  const cellsOf = (x: ServiceMatrix) =>
    Object.fromEntries(x.counters.map((c) => [c.id, new Set(x.rows.find((r) => r.counterId === c.id)?.serviceIds ?? [])]));
  // The saved plan from the first render (the server's too), and no ticking before the page is live.
  const [cells, setCells] = useState<Record<string, Set<string>>>(() => cellsOf(matrix));
  const mounted = useMounted();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => setCells(cellsOf(matrix)), [matrix]);

  const toggle = (counterId: string, serviceId: string) => {
    const next = new Set(cells[counterId]);
    if (next.has(serviceId)) next.delete(serviceId);
    else next.add(serviceId);
    setCells({ ...cells, [counterId]: next });
    setSaved(false);
  };

  async function save() {
    const body = { rows: matrix.counters.map((c) => ({ counterId: c.id, serviceIds: [...(cells[c.id] ?? [])] })) };
    const parsed = serviceMatrixBody.safeParse(body);
    if (!parsed.success) {
      setError(Object.values(issuesToFields(parsed.error, t)).join('; '));
      return;
    }
    setBusy(true);
    const result = await adminRequest('PUT', hallPath(hall, 'counter-services'), serviceMatrix, parsed.data);
    setBusy(false);
    if (!result.ok) {
      setError(describeAdminError(result.error, t));
      return;
    }
    setError(null);
    setSaved(true);
    onSaved(result.data);
  }

  if (matrix.counters.length === 0 || matrix.services.length === 0) return <p className="muted">{m.empty}</p>;
  return (
    <div data-testid="service-matrix">
      <div className="adm-matrix-scroll">
        <table className="adm-table adm-matrix">
          <thead>
            <tr>
              <th scope="col">{m.corner}</th>
              {matrix.services.map((s) => (
                <th key={s.id} scope="col" className={s.active ? undefined : 'is-disabled'} title={s.name}>
                  <b className="adm-prefix">{s.prefix}</b>
                  <span className="adm-matrix-name">{s.name}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.counters.map((c) => (
              <tr key={c.id} data-testid={`matrix-row-${c.number}`}>
                <th scope="row">
                  {c.number} · {c.name}
                </th>
                {matrix.services.map((s) => (
                  <td key={s.id} className="adm-matrix-cell">
                    <input
                      type="checkbox"
                      aria-label={`${c.number} ${c.name} × ${s.prefix} ${s.name}`}
                      data-testid={`matrix-${c.number}-${s.prefix}`}
                      checked={cells[c.id]?.has(s.id) ?? false}
                      disabled={!mounted}
                      onChange={() => toggle(c.id, s.id)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="adm-savebar">
        <FormStatus error={error} saved={saved} savedText={t.admin.form.saved} />
        <button type="button" className="btn btn-primary" disabled={busy || !mounted} onClick={() => void save()} data-testid="matrix-save">
          {m.save}
        </button>
      </div>
    </div>
  );
}
