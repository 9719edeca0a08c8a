// Stands in for the launcher in the harness's own test: serves config.json, prints its URLs the way the
// launcher is expected to, and exits on SIGTERM or when stdin closes.
import http from 'node:http';

const server = http.createServer((req, res) => {
  if (req.url === '/config.json') {
    const port = server.address().port;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ wsUrl: `ws://127.0.0.1:${port}/from-config`, sseUrl: `http://127.0.0.1:${port}/api/chat/stream`, token: 'cfg.tok.en' }));
  } else {
    res.writeHead(404).end();
  }
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  console.log('[main] INFO some log line with http://127.0.0.1:1/internal/v1/streams');
  console.log(`Demo page:  http://127.0.0.1:${port}/`);
  console.log(`WebSocket:  ws://127.0.0.1:${port}/local`);
  console.log(`SSE:        http://127.0.0.1:${port}/api/chat/stream`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
