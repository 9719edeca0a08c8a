// Starts dynalite (an Apache-2.0 DynamoDB emulator) in memory on 127.0.0.1.
// Usage: node server.js [port]   (0 or nothing = an ephemeral port)
// Prints "DYNALITE_PORT=<port>" once listening; exits when its standard input closes,
// so it never outlives the JVM that started it.
'use strict';
const dynalite = require('dynalite');

const port = Number(process.argv[2] || 0);
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
// dynalite rethrows a request's 'error' event, so one client that aborts mid-request (an SDK call timing out)
// would kill the whole emulator and every later call would fail. A client that went away is that client's
// problem: its request is dropped and the server goes on.
server.prependListener('request', (req) => {
  const on = req.on.bind(req);
  req.on = (event, listener) => on(event, event === 'error' ? () => {} : listener);
});
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`DYNALITE_PORT=${server.address().port}\n`);
});
// Ctrl-C in a terminal signals the whole process group: the JVM that started us then shuts its parts down in
// order (the gateway's $disconnect handlers still write to DynamoDB) and closes our stdin last, so ignore it here
process.on('SIGINT', () => {});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
