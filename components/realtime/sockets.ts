import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { reconnectOptions } from './reconnect';

/** WebSocket first, long-polling only where a proxy refuses the upgrade. */
const baseOptions: Partial<ManagerOptions & SocketOptions> = {
  transports: ['websocket', 'polling'],
  ...reconnectOptions,
  withCredentials: true,
};

export function openSocket<S extends Socket>(
  namespace: '/display' | '/ticket' | '/staff' | '/leader',
  auth: (cb: (data: object) => void) => void,
): S {
  return io(namespace, { ...baseOptions, auth }) as S;
}
