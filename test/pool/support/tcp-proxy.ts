// Test support: a TCP proxy in front of PostgreSQL whose cut() makes the database silently
// unreachable for the processes behind it (no RST, no data: queries hang like on a dead network),
// which is the hardest case for lease fencing.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** From now on nothing is forwarded in either direction and new connections hang. */
  cut(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let cutOff = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (cutOff) return void client.pause();
    const upstream = connect(targetPort, targetHost);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('data', (chunk) => void (cutOff || upstream.write(chunk)));
    upstream.on('data', (chunk) => void (cutOff || client.write(chunk)));
    client.on('end', () => cutOff || upstream.end());
    upstream.on('end', () => cutOff || client.end());
    // A process killed with -9 may reset its sockets rather than end them; the database must
    // still see the connection go, as it would without the proxy.
    client.on('close', () => cutOff || upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    cut() {
      cutOff = true;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
