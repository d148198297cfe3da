import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

/** WebSocket first, long-polling only where a proxy refuses the upgrade. */
const baseOptions: Partial<ManagerOptions & SocketOptions> = {
  transports: ['websocket', 'polling'],
  reconnectionDelay: 500,
  reconnectionDelayMax: 5_000,
  withCredentials: true,
};

export function openSocket<S extends Socket>(
  namespace: '/display' | '/ticket' | '/staff' | '/leader',
  auth: (cb: (data: object) => void) => void,
): S {
  return io(namespace, { ...baseOptions, auth }) as S;
}
