/**
 * A small streamgate stand-in for tests: a real Node http server on an ephemeral port with a real `ws`
 * WebSocketServer on the same port, speaking protocol v1 (chat, cancel, resume, ping; SSE POST with
 * hand-off). Streams outlive their sink, like the core's: a dropped socket detaches, `resume` replays.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ServerStreamOptions {
  chunks: number;
  intervalMs: number;
  /** SSE only: after this many chunks send `handoff` and end the response. */
  handoffAfter?: number;
}

interface Sink {
  send(event: Record<string, unknown>): void;
  end?(): void;
}

interface ServerStream {
  streamId: string;
  requestId: string;
  history: Record<string, unknown>[];
  nextSeq: number;
  sink: Sink | undefined;
  timer: ReturnType<typeof setInterval> | undefined;
  finished: boolean;
}

export class ProtocolServer {
  readonly token = 'test-token';
  readonly received: Record<string, unknown>[] = [];
  readonly ssePosts: { body: Record<string, unknown>; authorization: string | undefined }[] = [];
  readonly streams = new Map<string, ServerStream>();
  /** Every upgrade attempt's URL (for auth assertions). */
  readonly upgrades: string[] = [];
  defaults: ServerStreamOptions = { chunks: 5, intervalMs: 5 };
  /** When true, every WebSocket upgrade is refused with 403 (a proxy that blocks WebSocket). */
  refuseWebSocket = false;
  /** Replays this many already-delivered events again on `resume` (duplicates the client must drop). */
  replayOverlap = 0;
  /** Delay before a new chat is accepted and starts (to act between `chat` and `accepted`). */
  acceptDelayMs = 0;
  /** When set, SSE POSTs answer with this status and JSON error body. */
  sseFailure: { status: number; body: Record<string, unknown> } | undefined;
  /** When true, SSE responses stop writing after the chunks but stay open (a stalled server). */
  sseStallAfterChunks = false;
  /** When true, SSE responses end after the chunks without `done`. */
  sseEndWithoutDone = false;
  /** Folder served for GET requests (the built demo page); `config.json` is generated. */
  staticDir: string | undefined;
  /** Divides the demo engine's durations (`tokens` / `tokensPerSecond` options) to keep tests short. */
  demoSpeedup = 1;
  private readonly byRequest = new Map<string, ServerStream>();
  private readonly sockets = new Set<WebSocket>();
  private counter = 0;
  private server!: http.Server;
  private wss!: WebSocketServer;
  port = 0;

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  get sseUrl(): string {
    return `http://127.0.0.1:${this.port}/api/chat/stream`;
  }

  get openSockets(): number {
    return [...this.sockets].filter((s) => s.readyState === 1).length;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.onHttp(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      this.upgrades.push(req.url ?? '');
      const url = new URL(req.url ?? '/', 'http://x');
      if (this.refuseWebSocket || url.searchParams.get('token') !== this.token) {
        socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.streams.values()) if (s.timer) clearInterval(s.timer);
    for (const s of this.sockets) s.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Kills every WebSocket without a closing handshake, like a network drop. */
  dropAll(): void {
    for (const s of this.sockets) s.terminate();
  }

  /** Frames of one action type received over WebSocket. */
  actions(action: string): Record<string, unknown>[] {
    return this.received.filter((f) => f.action === action);
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    const sink: Sink = { send: (e) => ws.readyState === 1 && ws.send(JSON.stringify(e)) };
    ws.on('close', () => {
      this.sockets.delete(ws);
      for (const s of this.streams.values()) if (s.sink === sink) s.sink = undefined;
    });
    ws.on('message', (data) => {
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(String(data)) as Record<string, unknown>;
      } catch {
        sink.send({ type: 'error', code: 'invalid_json', message: 'frame is not JSON', retryable: false });
        return;
      }
      this.received.push(frame);
      switch (frame.action) {
        case 'ping':
          sink.send({ type: 'pong' });
          return;
        case 'chat':
          this.chat(frame, sink, undefined);
          return;
        case 'cancel': {
          const s = this.streams.get(String(frame.streamId));
          if (!s) {
            sink.send({ type: 'error', code: 'stream_not_found', message: 'no such stream', retryable: false, streamId: frame.streamId });
            return;
          }
          this.finish(s, 'cancelled');
          return;
        }
        case 'resume': {
          const s = this.streams.get(String(frame.streamId));
          if (!s) {
            sink.send({ type: 'error', code: 'stream_not_found', message: 'no such stream', retryable: false, streamId: frame.streamId });
            return;
          }
          s.sink = sink;
          const lastSeq = Number(frame.lastSeq) - this.replayOverlap;
          for (const e of s.history) if (typeof e.seq === 'number' && e.seq > lastSeq) sink.send(e);
          return;
        }
        default:
          sink.send({ type: 'error', code: 'unknown_action', message: 'unknown action', retryable: false });
      }
    });
  }

  private chat(frame: Record<string, unknown>, sink: Sink, sse: ServerStreamOptions | undefined): ServerStream {
    const requestId = String(frame.requestId);
    const existing = this.byRequest.get(requestId);
    if (existing) {
      sink.send({ type: 'accepted', requestId, streamId: existing.streamId });
      return existing;
    }
    const o = (frame.options ?? {}) as Record<string, unknown>;
    const demo = { ...(o.test ?? {}) } as Partial<ServerStreamOptions>;
    // The core's demo engine knobs, so the demo page's buttons work against this server too.
    if (typeof o.tokens === 'number') demo.chunks = o.tokens;
    if (typeof o.tokensPerSecond === 'number') demo.intervalMs = Math.max(1, 1000 / o.tokensPerSecond / this.demoSpeedup);
    const opts = { ...this.defaults, ...sse, ...demo };
    const s: ServerStream = {
      streamId: `s-${++this.counter}`,
      requestId,
      history: [],
      nextSeq: 0,
      sink,
      timer: undefined,
      finished: false,
    };
    this.streams.set(s.streamId, s);
    this.byRequest.set(requestId, s);
    let produced = 0;
    const start = (): void => {
      sink.send({ type: 'accepted', requestId, streamId: s.streamId });
      s.timer = setInterval(tick, opts.intervalMs);
    };
    const tick = (): void => {
      if (s.finished) return;
      if (produced === opts.chunks) {
        if (sse && this.sseStallAfterChunks) {
          clearInterval(s.timer);
        } else if (sse && this.sseEndWithoutDone) {
          clearInterval(s.timer);
          s.sink?.end?.();
        } else {
          this.finish(s, 'complete');
        }
        return;
      }
      const e = { type: 'chunk', streamId: s.streamId, seq: s.nextSeq++, text: `w${produced} ` };
      produced++;
      s.history.push(e);
      s.sink?.send(e);
      if (sse && opts.handoffAfter === produced && s.sink) {
        const handed = s.sink;
        s.sink = undefined;
        handed.send({ type: 'handoff', streamId: s.streamId, lastSeq: e.seq });
        handed.end?.();
      }
    };
    if (this.acceptDelayMs > 0) s.timer = setTimeout(start, this.acceptDelayMs);
    else start();
    return s;
  }

  private finish(s: ServerStream, reason: string): void {
    if (s.finished) return;
    s.finished = true;
    if (s.timer) clearInterval(s.timer);
    const e = { type: 'done', streamId: s.streamId, seq: s.nextSeq++, reason };
    s.history.push(e);
    s.sink?.send(e);
    s.sink?.end?.();
  }

  private serveStatic(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/config.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ wsUrl: this.wsUrl, sseUrl: this.sseUrl, token: this.token }));
      return;
    }
    const file = normalize(join(this.staticDir!, path === '/' ? 'index.html' : path));
    if (!file.startsWith(normalize(this.staticDir!))) {
      res.writeHead(403).end();
      return;
    }
    const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  }

  private onHttp(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method === 'GET' && this.staticDir) {
      this.serveStatic(req, res);
      return;
    }
    if (req.method !== 'POST' || req.url !== '/api/chat/stream') {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      this.ssePosts.push({ body: parsed, authorization: req.headers.authorization });
      if (req.headers.authorization !== `Bearer ${this.token}`) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', code: 'unauthorized', message: 'bad token', retryable: false }));
        return;
      }
      if (this.sseFailure) {
        res.writeHead(this.sseFailure.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(this.sseFailure.body));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' });
      res.write(': connected\n\n');
      const sink: Sink = {
        send: (e) => {
          const id = typeof e.seq === 'number' ? `id: ${e.seq}\n` : '';
          res.write(`event: ${String(e.type)}\n${id}data: ${JSON.stringify(e)}\n\n`);
        },
        end: () => res.end(),
      };
      const opts = (parsed.options as Record<string, unknown> | undefined)?.test as Partial<ServerStreamOptions> | undefined;
      this.chat({ action: 'chat', ...parsed }, sink, { ...this.defaults, ...opts });
    });
  }
}
