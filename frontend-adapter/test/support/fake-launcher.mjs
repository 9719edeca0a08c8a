// Stands in for the launcher in the harness's own test: serves config.json, prints its URLs the way the
// launcher is expected to, and exits on SIGTERM or when stdin closes.
import http from 'node:http';

const server = http.createServer((req, res) => {
  if (req.url === '/config.json' && !process.env.FAKE_NO_CONFIG) {
    const port = server.address().port;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ wsUrl: `ws://127.0.0.1:${port}/from-config`, sseUrl: `http://127.0.0.1:${port}/api/chat/stream`, token: 'cfg.tok.en' }));
  } else {
    res.writeHead(404).end();
  }
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  console.log('[main] INFO dev.streamgate.core.CoreServer - core listening port=1 engine=demo owner=http://127.0.0.1:1');
  console.log('[main] INFO gateway listening ws://127.0.0.1:1/other');
  console.log('');
  console.log('streamgate local stack is running (Ctrl-C stops everything)');
  console.log(`WebSocket  ws://127.0.0.1:${port}/local?token=printed.tok.en`);
  console.log(`SSE        http://127.0.0.1:${port}/api/chat/stream`);
  console.log('Token      printed.tok.en   (user local-user)');
  console.log(`Demo page  http://127.0.0.1:${port}/`);
  console.log(`@connections http://127.0.0.1:${port}/local/@connections/{connectionId}`);
  console.log('DynamoDB   http://127.0.0.1:4567');
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
