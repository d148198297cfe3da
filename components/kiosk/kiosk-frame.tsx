'use client';

import type { ReactNode } from 'react';
import { format } from '@/lib/i18n';
import { useMessages } from '../i18n';
import { useIdleReturn, useServerReachable } from './use-idle-return';

/**
 * The frame of every kiosk screen (取号, 预约签到): the hall's name, a home button on every
 * screen but the start, the idle return with its countdown, and "系统暂时无法连接" when the
 * server does not answer. No site header and nothing meant for staff: the public stands here.
 */
export function KioskFrame({
  hallName,
  subtitle,
  atStart,
  onHome,
  children,
  footer,
  testId = 'kiosk',
  screen,
}: {
  hallName: string;
  subtitle: string;
  /** The start screen: nothing to return from, so no home button and no countdown. */
  atStart: boolean;
  onHome: () => void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  screen?: string;
}) {
  const k = useMessages().citizen.kiosk;
  const left = useIdleReturn(!atStart, onHome);
  const up = useServerReachable();
  return (
    <div className="kiosk" data-testid={testId} data-screen={screen}>
      <div className="kiosk-screen">
        <header className="kiosk-header">
          {atStart ? null : (
            <button type="button" className="kiosk-home" data-testid="kiosk-home" onClick={onHome}>
              {k.home}
            </button>
          )}
          <h1>{hallName}</h1>
          <p>{subtitle}</p>
        </header>
        {up ? null : (
          <p className="kiosk-offline" role="alert" data-testid="kiosk-offline">
            <strong>{k.offlineTitle}</strong>
            <span>{k.offlineBody}</span>
          </p>
        )}
        {children}
        {footer}
      </div>
      {left !== null ? (
        <div className="kiosk-idle" role="status" data-testid="kiosk-idle">
          <p>{format(k.idle, { s: left })}</p>
          <p className="kiosk-idle-hint">{k.idleHint}</p>
        </div>
      ) : null}
    </div>
  );
}
