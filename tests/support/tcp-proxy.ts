import { type AddressInfo, type Socket, connect, createServer } from 'node:net';

/**
 * A TCP forwarder in front of PostgreSQL, so a test can take the database away from one
 * pool without touching the shared server: `refuse` closes every new connection at once
 * (a stopped server), `blackhole` accepts and never answers (a dead host, a full network),
 * `pass` forwards. `cut()` drops the connections already open, like a restart or
 * pg_terminate_backend of every backend.
 */
export interface TcpProxy {
  port: number;
  mode: 'pass' | 'refuse' | 'blackhole';
  cut: () => void;
  close: () => Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (proxy.mode === 'refuse') return client.destroy();
    if (proxy.mode === 'blackhole') return client.pause();
    const upstream = connect(targetPort, targetHost);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: TcpProxy = {
    port: (server.address() as AddressInfo).port,
    mode: 'pass',
    cut: () => {
      for (const socket of open) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        proxy.cut();
        server.close(() => resolve());
      }),
  };
  return proxy;
}
