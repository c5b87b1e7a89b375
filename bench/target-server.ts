/**
 * The benchmark's target: an HTTP server (keep-alive off) and a TCP server with a banner, on
 * 127.0.0.1 ephemeral ports, in their own process. Prints `{"http":port,"tcp":port}` on stdout.
 */
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';

const http = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
  res.end('{"status":"ok"}');
});
http.keepAliveTimeout = 0;
const tcp = createTcpServer((socket) => {
  socket.on('error', () => undefined);
  socket.end('220 bench ready\r\n');
});
http.listen(0, '127.0.0.1', () => {
  tcp.listen(0, '127.0.0.1', () => {
    const port = (s: { address(): unknown }) => (s.address() as { port: number }).port;
    process.stdout.write(`${JSON.stringify({ http: port(http), tcp: port(tcp) })}\n`);
  });
});
process.on('SIGTERM', () => process.exit(0));
