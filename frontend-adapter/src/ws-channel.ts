import { ConnectError, StreamgateError } from './errors.js';
import { MalformedEventError, parseServerEvent, serializeAction } from './protocol.js';
import type { ClientAction, ErrorEvent, ServerEvent } from './protocol.js';
import type { StreamState } from './stream.js';

/** The part of the WHATWG `WebSocket` the adapter uses (browsers' own, or `ws` in Node). */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol?: string;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A `WebSocket` constructor: `globalThis.WebSocket`, or `WebSocket` from the `ws` package. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Something that happened to the shared WebSocket; for status displays and logs. */
export type ConnectionEvent =
  | { type: 'connecting'; attempt: number }
  | { type: 'open'; reconnect: boolean }
  | { type: 'closed'; code: number; reason: string; willReconnect: boolean }
  | { type: 'reconnect-scheduled'; attempt: number; delayMs: number }
  | { type: 'proactive-reconnect' }
  | { type: 'resume'; streamId: string; lastSeq: number }
  | { type: 'gave-up'; error: StreamgateError }
  | { type: 'unrecognized-frame'; reason: string }
  | { type: 'fallback'; reason: string };

/** How the token travels on the WebSocket upgrade (browsers cannot set an Authorization header). */
export type WsAuthMode = 'query' | 'subprotocol';

/** Reconnect back-off after a drop: full jitter, delay = random(0, min(max, initial * 2^attempt)). */
export interface ReconnectPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Attempts after a drop before every open stream fails as incomplete. */
  maxAttempts: number;
}

/** Settings of the shared connection; defaults in {@link defaultWsSettings}. */
export interface WsSettings {
  url: string;
  getToken: () => Promise<string | undefined>;
  auth: WsAuthMode;
  impl: WebSocketConstructor;
  /** App-level ping period; well inside API Gateway's 10-minute idle timeout. */
  pingIntervalMs: number;
  /** No frame at all this long after a ping: the socket is taken for dead and replaced. */
  pongTimeoutMs: number;
  /** Replace the connection after this long, before API Gateway's 2-hour hard limit. */
  maxConnectionAgeMs: number;
  connectTimeoutMs: number;
  /** How long one `resume` may go unanswered before the next one is sent anyway. */
  resumeSettleMs: number;
  /**
   * An attached stream with no chunk or heartbeat this long gets one `resume`; still silent after as long
   * again, it fails as incomplete (its core probably died). 0 disables. Default 45 s: 3 heartbeat intervals.
   */
  stallTimeoutMs: number;
  /** A sent `chat` with no `accepted` this long fails with a retryable `timeout` (API Gateway gives up at 29 s). */
  acceptTimeoutMs: number;
  reconnect: ReconnectPolicy;
  random: () => number;
  onEvent: (e: ConnectionEvent) => void;
}

/** Defaults: ping every 4 min, reconnect at 1 h 50 min, back-off 250 ms doubling to 10 s, 10 attempts. */
export const defaultWsSettings = {
  auth: 'query' as WsAuthMode,
  pingIntervalMs: 4 * 60_000,
  pongTimeoutMs: 20_000,
  maxConnectionAgeMs: 110 * 60_000,
  connectTimeoutMs: 10_000,
  resumeSettleMs: 5_000,
  acceptTimeoutMs: 35_000,
  stallTimeoutMs: 45_000,
  reconnect: { initialDelayMs: 250, maxDelayMs: 10_000, maxAttempts: 10 } satisfies ReconnectPolicy,
};

/** Retryable `resume` refusals tolerated per stream before it fails. */
const MAX_RESUME_RETRIES = 3;
/** Close code the adapter uses when it drops a connection on purpose to test recovery. */
export const SIMULATED_DROP_CODE = 4000;

type State = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * The one WebSocket shared by every request of a client: opens lazily, queues frames until open,
 * pings, replaces itself before the 2-hour limit, and after a drop reconnects with back-off and
 * resumes each open stream from its last seq, one `resume` at a time.
 */
export class WsChannel {
  private state: State = 'idle';
  private socket: WebSocketLike | undefined;
  private connecting: Promise<void> | undefined;
  /** Chats sent (or to send) whose `accepted` has not arrived, by requestId. */
  private readonly pending = new Map<string, { stream: StreamState; resent: boolean; timer?: ReturnType<typeof setTimeout> }>();
  /** Streams with an id, by streamId. */
  private readonly attached = new Map<string, StreamState>();
  /** requestIds whose stream was cancelled before `accepted` told us its id. */
  private readonly cancelOnAccept = new Set<string>();
  private readonly resumeQueue: StreamState[] = [];
  private resumeInFlight: { stream: StreamState; timer: ReturnType<typeof setTimeout> } | undefined;
  private retiring: WebSocketLike | undefined;
  /** Retryable refusals of `resume` per stream (e.g. `unavailable` while the store or the core is busy). */
  private readonly resumeRetries = new WeakMap<StreamState, number>();
  /** When each attached stream last heard anything, and whether a stall already cost it a resume. */
  private readonly lastHeard = new Map<StreamState, { at: number; resumed: boolean }>();
  private stallTimer: ReturnType<typeof setInterval> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private ageTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectAttempt = 0;
  private lastReceivedAt = 0;
  /** Counters for status displays and tests. */
  readonly stats = { connects: 0, reconnects: 0, resumes: 0, drops: 0 };

  /** Browsers say when the network is back: reconnect at once instead of waiting out the back-off. */
  private readonly onOnline = (): void => {
    if (this.state !== 'reconnecting' || !this.reconnectTimer) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.attemptReconnect(this.reconnectAttempt);
  };

  constructor(private readonly s: WsSettings) {
    const g = globalThis as { addEventListener?: (type: string, listener: () => void) => void };
    if (typeof g.addEventListener === 'function') g.addEventListener('online', this.onOnline);
  }

  /** True when a socket is open right now. */
  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Opens the connection if needed; rejects with {@link ConnectError} when the first attempt fails. */
  ensureOpen(): Promise<void> {
    if (this.state === 'closed') return Promise.reject(new StreamgateError('client_closed', 'the client was closed'));
    if (this.state === 'open') return Promise.resolve();
    if (this.connecting) return this.connecting;
    if (this.state === 'reconnecting') return this.waitForOpen();
    this.state = 'connecting';
    this.connecting = this.openSocket(1).then(
      (ws) => {
        this.connecting = undefined;
        this.adopt(ws, false);
      },
      (err: unknown) => {
        this.connecting = undefined;
        if (this.state === 'connecting') this.state = 'idle';
        throw err;
      },
    );
    return this.connecting;
  }

  /** Sends `chat` for a new stream (after open) and routes its events to it. */
  startChat(stream: StreamState): void {
    const action = stream.action!;
    this.pending.set(stream.requestId, { stream, resent: false });
    stream.canceller = () => this.cancel(stream);
    stream.onFinish(() => this.forget(stream));
    this.sendWhenOpen(action, stream);
  }

  /** Attaches an existing stream (hand-off or explicit resume) and asks for everything after its lastSeq. */
  attach(stream: StreamState): void {
    const streamId = stream.streamId!;
    this.attached.set(streamId, stream);
    this.lastHeard.set(stream, { at: Date.now(), resumed: false });
    stream.transport = 'ws';
    stream.canceller = () => this.cancel(stream);
    stream.onFinish(() => this.forget(stream));
    this.ensureOpen().then(
      () => this.enqueueResume(stream),
      (err: unknown) => stream.failIncomplete('could not open the WebSocket to continue the stream', err),
    );
  }

  /** Sends `cancel` for a stream (now, or as soon as its id is known). Closing a socket is not a cancel. */
  cancel(stream: StreamState): void {
    if (stream.streamId !== undefined) {
      const streamId = stream.streamId;
      this.sendWhenOpen({ action: 'cancel', streamId });
    } else {
      this.cancelOnAccept.add(stream.requestId);
    }
  }

  /** Best-effort `cancel` by stream id, e.g. for a stream that ran over SSE. */
  cancelById(streamId: string): void {
    this.sendWhenOpen({ action: 'cancel', streamId });
  }

  /** Closes the socket as if the network dropped it (demo and tests): recovery runs as for a real drop. */
  simulateDrop(): void {
    const ws = this.socket;
    if (!ws || this.state !== 'open') return;
    ws.close(SIMULATED_DROP_CODE, 'simulated drop');
    // Some implementations report the close only after the closing handshake: act now.
    this.onSocketClosed(ws, SIMULATED_DROP_CODE, 'simulated drop');
  }

  /** Closes for good: every open stream ends as incomplete. */
  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    const g = globalThis as { removeEventListener?: (type: string, listener: () => void) => void };
    if (typeof g.removeEventListener === 'function') g.removeEventListener('online', this.onOnline);
    this.clearTimers();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const ws = this.socket;
    this.socket = undefined;
    for (const sock of [ws, this.retiring]) {
      if (sock) {
        sock.onclose = null;
        sock.onmessage = null;
        try {
          sock.close(1000, 'client closed');
        } catch {
          /* already closed */
        }
      }
    }
    for (const stream of this.liveStreams()) stream.failIncomplete('the client was closed before the stream finished');
  }

  private liveStreams(): StreamState[] {
    return [...new Set([...[...this.pending.values()].map((p) => p.stream), ...this.attached.values()])];
  }

  private forget(stream: StreamState): void {
    this.lastHeard.delete(stream);
    const p = this.pending.get(stream.requestId);
    if (p?.stream === stream) {
      if (p.timer) clearTimeout(p.timer);
      this.pending.delete(stream.requestId);
    }
    if (stream.streamId !== undefined && this.attached.get(stream.streamId) === stream) this.attached.delete(stream.streamId);
  }

  private waitForOpen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (e: ConnectionEvent): void => {
        if (e.type === 'open') resolve();
        else if (e.type === 'gave-up') reject(e.error);
        else return;
        this.openWaiters.delete(check);
      };
      this.openWaiters.add(check);
    });
  }

  private readonly openWaiters = new Set<(e: ConnectionEvent) => void>();

  private emit(e: ConnectionEvent): void {
    for (const w of [...this.openWaiters]) w(e);
    try {
      this.s.onEvent(e);
    } catch (err) {
      queueMicrotask(() => {
        throw err;
      });
    }
  }

  private sendWhenOpen(action: ClientAction, forStream?: StreamState): void {
    if (this.state === 'open' && this.socket) {
      this.send(action);
      return;
    }
    this.ensureOpen().then(
      () => {
        // A chat whose socket dropped meanwhile was already re-sent by the reconnect path.
        if (forStream && (forStream.finished || this.pending.get(forStream.requestId)?.resent)) return;
        if (this.state === 'open') this.send(action);
      },
      (err: unknown) => {
        if (forStream) {
          forStream.fail(err instanceof StreamgateError ? err : new ConnectError('could not open the WebSocket', err));
        }
      },
    );
  }

  private send(action: ClientAction): void {
    try {
      this.socket!.send(serializeAction(action));
    } catch {
      // A failed write means the socket is going away; its close event starts recovery.
    }
    if (action.action === 'chat') this.armAcceptTimer(action.requestId);
  }

  private armAcceptTimer(requestId: string): void {
    const p = this.pending.get(requestId);
    if (!p) return;
    if (p.timer) clearTimeout(p.timer);
    p.timer = setTimeout(() => {
      if (this.pending.get(requestId) !== p) return;
      p.stream.fail(
        new StreamgateError('timeout', `no "accepted" within ${this.s.acceptTimeoutMs} ms of sending the chat; it is safe to retry with the same requestId`, {
          retryable: true,
          requestId,
        }),
      );
    }, this.s.acceptTimeoutMs);
  }

  private async openSocket(attempt: number): Promise<WebSocketLike> {
    this.emit({ type: 'connecting', attempt });
    const token = await this.s.getToken();
    const url = new URL(this.s.url);
    let protocols: string[] | undefined;
    if (token !== undefined) {
      if (this.s.auth === 'query') url.searchParams.set('token', token);
      else protocols = ['streamgate.v1', `bearer.${token}`];
    }
    return new Promise<WebSocketLike>((resolve, reject) => {
      let ws: WebSocketLike;
      try {
        ws = protocols ? new this.s.impl(url.toString(), protocols) : new this.s.impl(url.toString());
      } catch (err) {
        reject(new ConnectError(`could not create a WebSocket for ${this.s.url}: ${String(err)}`, err));
        return;
      }
      const timer = setTimeout(() => {
        ws.onopen = ws.onclose = ws.onerror = null;
        try {
          ws.close();
        } catch {
          /* never opened */
        }
        reject(new ConnectError(`WebSocket to ${this.s.url} did not open within ${this.s.connectTimeoutMs} ms`));
      }, this.s.connectTimeoutMs);
      ws.onopen = () => {
        clearTimeout(timer);
        resolve(ws);
      };
      ws.onerror = () => {};
      ws.onclose = (ev) => {
        clearTimeout(timer);
        reject(
          new ConnectError(
            `WebSocket to ${this.s.url} closed before it opened (code ${ev.code}); check the URL, the token, any proxy, and the per-user connection limit (share one client per app)`,
          ),
        );
      };
    });
  }

  /** Makes `ws` the active socket, then re-sends pending chats and resumes every attached stream. */
  private adopt(ws: WebSocketLike, reconnect: boolean): void {
    if (this.state === 'closed') {
      ws.close(1000, 'client closed');
      return;
    }
    const previous = this.socket;
    this.socket = ws;
    this.state = 'open';
    this.stats.connects++;
    this.reconnectAttempt = 0;
    this.lastReceivedAt = Date.now();
    ws.onmessage = (ev) => this.onFrame(ev.data);
    ws.onclose = (ev) => this.onSocketClosed(ws, ev.code, ev.reason);
    ws.onerror = () => {};
    this.startTimers();
    if (previous && previous !== ws) this.retiring = previous;
    this.emit({ type: 'open', reconnect });
    if (reconnect) {
      for (const [, p] of this.pending) {
        // Same requestId: the server answers with the same stream and starts nothing new.
        p.resent = true;
        this.send(p.stream.action!);
      }
      if (this.resumeInFlight) {
        clearTimeout(this.resumeInFlight.timer);
        this.resumeInFlight = undefined;
      }
      this.resumeQueue.length = 0;
      for (const stream of this.attached.values()) this.resumeQueue.push(stream);
      this.pumpResumes();
    }
  }

  private enqueueResume(stream: StreamState): void {
    if (!this.resumeQueue.includes(stream) && this.resumeInFlight?.stream !== stream) this.resumeQueue.push(stream);
    this.pumpResumes();
  }

  private pumpResumes(): void {
    if (this.resumeInFlight || this.state !== 'open') return;
    let next: StreamState | undefined;
    while ((next = this.resumeQueue.shift()) !== undefined && next.finished);
    if (next === undefined) {
      this.retireOldSocket();
      return;
    }
    const stream = next;
    const streamId = stream.streamId!;
    this.stats.resumes++;
    this.emit({ type: 'resume', streamId, lastSeq: stream.lastSeq });
    this.send({ action: 'resume', streamId, lastSeq: stream.lastSeq });
    this.resumeInFlight = { stream, timer: setTimeout(() => this.settleResume(stream), this.s.resumeSettleMs) };
  }

  private settleResume(stream: StreamState): void {
    if (this.resumeInFlight?.stream !== stream) return;
    clearTimeout(this.resumeInFlight.timer);
    this.resumeInFlight = undefined;
    this.pumpResumes();
  }

  private retireOldSocket(): void {
    const old = this.retiring;
    if (!old) return;
    this.retiring = undefined;
    old.onclose = null;
    old.onmessage = null;
    try {
      old.close(1000, 'replaced by a new connection');
    } catch {
      /* already closed */
    }
  }

  private onFrame(data: unknown): void {
    this.lastReceivedAt = Date.now();
    let text: string;
    if (typeof data === 'string') text = data;
    else if (data instanceof ArrayBuffer) text = new TextDecoder().decode(data);
    else if (ArrayBuffer.isView(data)) text = new TextDecoder().decode(data);
    else {
      this.emit({ type: 'unrecognized-frame', reason: 'binary frame' });
      return;
    }
    let event: ServerEvent;
    try {
      event = parseServerEvent(text);
    } catch (err) {
      // e.g. API Gateway's own {"message":"Endpoint request timed out"}: not ours to route.
      this.emit({ type: 'unrecognized-frame', reason: err instanceof MalformedEventError ? err.message : String(err) });
      return;
    }
    this.dispatch(event);
  }

  private dispatch(event: ServerEvent): void {
    switch (event.type) {
      case 'pong':
        return;
      case 'accepted': {
        if (this.cancelOnAccept.delete(event.requestId)) {
          this.send({ action: 'cancel', streamId: event.streamId });
          return;
        }
        const p = this.pending.get(event.requestId);
        if (!p) return;
        this.pending.delete(event.requestId);
        if (p.timer) clearTimeout(p.timer);
        p.stream.deliver(event);
        if (p.stream.finished) return;
        this.attached.set(event.streamId, p.stream);
        this.lastHeard.set(p.stream, { at: Date.now(), resumed: false });
        // A chat re-sent after a reconnect: its events may still be bound to the old connection.
        if (p.resent) this.enqueueResume(p.stream);
        return;
      }
      case 'error':
        this.dispatchError(event);
        return;
      default: {
        const stream = this.attached.get(event.streamId);
        if (!stream) return;
        this.lastHeard.set(stream, { at: Date.now(), resumed: false });
        if (this.resumeInFlight?.stream === stream) this.settleResume(stream);
        stream.deliver(event);
      }
    }
  }

  private dispatchError(event: ErrorEvent): void {
    let stream: StreamState | undefined;
    if (event.streamId !== undefined) stream = this.attached.get(event.streamId);
    if (!stream && event.requestId !== undefined) stream = this.pending.get(event.requestId)?.stream;
    if (!stream && this.resumeInFlight) stream = this.resumeInFlight.stream;
    if (!stream && this.pending.size === 1) stream = [...this.pending.values()][0]!.stream;
    if (!stream) return;
    if (this.resumeInFlight?.stream === stream) {
      this.settleResume(stream);
      const tries = this.resumeRetries.get(stream) ?? 0;
      if (event.retryable && tries < MAX_RESUME_RETRIES) {
        // A busy store or core is worth another resume after a pause; the stream is still running.
        this.resumeRetries.set(stream, tries + 1);
        const cap = Math.min(this.s.reconnect.maxDelayMs, this.s.reconnect.initialDelayMs * 2 ** tries);
        setTimeout(() => {
          if (!stream.finished) this.enqueueResume(stream);
        }, Math.round(cap / 2 + (this.s.random() * cap) / 2));
        return;
      }
    }
    stream.fail(new StreamgateError(event.code, event.message, { retryable: event.retryable, streamId: event.streamId ?? stream.streamId, requestId: event.requestId ?? stream.requestId }));
  }

  private onSocketClosed(ws: WebSocketLike, code: number, reason: string): void {
    if (ws === this.retiring) {
      this.retiring = undefined;
      return;
    }
    if (ws !== this.socket) return;
    ws.onclose = null;
    ws.onmessage = null;
    this.socket = undefined;
    this.clearTimers();
    if (this.resumeInFlight) {
      clearTimeout(this.resumeInFlight.timer);
      this.resumeInFlight = undefined;
    }
    if (this.state === 'closed') return;
    this.stats.drops++;
    const willReconnect = this.liveStreams().length > 0;
    this.emit({ type: 'closed', code, reason, willReconnect });
    if (willReconnect) {
      this.state = 'reconnecting';
      this.scheduleReconnect();
    } else {
      this.state = 'idle';
    }
  }

  private scheduleReconnect(): void {
    const { initialDelayMs, maxDelayMs, maxAttempts } = this.s.reconnect;
    if (this.reconnectAttempt >= maxAttempts) {
      const error = new ConnectError(`WebSocket to ${this.s.url} could not be reopened after ${maxAttempts} attempts`);
      this.state = 'idle';
      this.reconnectAttempt = 0;
      this.emit({ type: 'gave-up', error });
      for (const stream of this.liveStreams()) stream.failIncomplete('the WebSocket dropped and could not be reopened', error);
      return;
    }
    const attempt = ++this.reconnectAttempt;
    const cap = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
    const delayMs = Math.round(this.s.random() * cap);
    this.emit({ type: 'reconnect-scheduled', attempt, delayMs });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.attemptReconnect(attempt);
    }, delayMs);
  }

  private attemptReconnect(attempt: number): void {
    if (this.state !== 'reconnecting') return;
    this.openSocket(attempt).then(
      (ws) => {
        if (this.state !== 'reconnecting') {
          ws.close(1000, 'not needed');
          return;
        }
        this.stats.reconnects++;
        this.adopt(ws, true);
      },
      () => {
        if (this.state === 'reconnecting') this.scheduleReconnect();
      },
    );
  }

  private startTimers(): void {
    this.clearTimers();
    this.pingTimer = setInterval(() => this.ping(), this.s.pingIntervalMs);
    if (this.s.stallTimeoutMs > 0) {
      this.stallTimer = setInterval(() => this.checkStalls(), Math.max(250, Math.floor(this.s.stallTimeoutMs / 3)));
    }
    this.ageTimer = setTimeout(() => this.replaceBeforeLimit(), this.s.maxConnectionAgeMs);
  }

  private clearTimers(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.stallTimer) clearInterval(this.stallTimer);
    this.stallTimer = undefined;
    if (this.pongTimer) clearTimeout(this.pongTimer);
    if (this.ageTimer) clearTimeout(this.ageTimer);
    this.pingTimer = this.pongTimer = this.ageTimer = undefined;
  }

  private checkStalls(): void {
    if (this.state !== 'open') return;
    const now = Date.now();
    for (const stream of this.attached.values()) {
      if (stream.finished) continue;
      const heard = this.lastHeard.get(stream) ?? { at: now, resumed: false };
      if (now - heard.at < this.s.stallTimeoutMs) continue;
      if (!heard.resumed) {
        // Silence past three heartbeats: maybe only the connection's routing was lost; ask once.
        this.lastHeard.set(stream, { at: now, resumed: true });
        this.enqueueResume(stream);
      } else {
        stream.failIncomplete(
          `no chunk or heartbeat for ${this.s.stallTimeoutMs} ms, even after a resume: the stream's server probably died; ask again with a new requestId`,
        );
      }
    }
  }

  private ping(): void {
    if (this.state !== 'open' || !this.socket) return;
    const sentAt = Date.now();
    this.send({ action: 'ping' });
    const ws = this.socket;
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pongTimer = setTimeout(() => {
      this.pongTimer = undefined;
      // Nothing at all came back: a half-open socket. Treat it as dropped.
      if (this.socket === ws && this.lastReceivedAt < sentAt) {
        try {
          ws.close(4001, 'pong timeout');
        } catch {
          /* already closed */
        }
        this.onSocketClosed(ws, 4001, 'pong timeout');
      }
    }, this.s.pongTimeoutMs);
  }

  /** Opens a fresh socket before the 2-hour limit, moves every stream to it, then closes the old one. */
  private replaceBeforeLimit(): void {
    this.ageTimer = undefined;
    if (this.state !== 'open') return;
    const old = this.socket!;
    if (this.liveStreams().length === 0) {
      // Nothing to move: close quietly; the next request opens a new socket.
      old.onclose = null;
      old.onmessage = null;
      this.socket = undefined;
      this.clearTimers();
      this.state = 'idle';
      old.close(1000, 'connection age limit');
      return;
    }
    this.emit({ type: 'proactive-reconnect' });
    this.openSocket(1).then(
      (ws) => {
        if (this.state !== 'open' || this.socket !== old) {
          ws.close(1000, 'not needed');
          return;
        }
        this.stats.reconnects++;
        // The old socket keeps delivering until every resume went out; duplicates are dropped by seq.
        this.adopt(ws, true);
      },
      () => {
        // Keep the old socket; try again in a minute (the drop path covers the hard limit).
        if (this.state === 'open' && this.socket === old) {
          this.ageTimer = setTimeout(() => this.replaceBeforeLimit(), 60_000);
        }
      },
    );
  }
}
