// The y-websocket reference server (@y/websocket-server 0.1.1, the last release for yjs 13): its
// src/server.js on 127.0.0.1:$PORT, with the `ws` that package itself resolves (its own ws 6), so
// only the port handling differs. Persistence is the package's own LevelDB binding, switched on by
// YPERSISTENCE (set by the bench), which utils.js reads when it is imported.
import http from 'node:http';
import { createRequire } from 'node:module';
import { setupWSConnection } from '@y/websocket-server/utils';

const WebSocket = createRequire(import.meta.resolve('@y/websocket-server/utils'))('ws');
const wss = new WebSocket.Server({ noServer: true });
wss.on('connection', setupWSConnection);
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(Number(process.env.PORT), '127.0.0.1');
