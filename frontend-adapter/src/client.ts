import { ConfigurationError, ConnectError, StreamgateError } from './errors.js';
import { LIMITS, serializeAction, utf8Length, validateChat } from './protocol.js';
import type { ChatAction, ChatOptions } from './protocol.js';
import { runSse } from './sse-transport.js';
import { StreamState } from './stream.js';
import type { ChatStream, TransportKind } from './stream.js';
import { WsChannel, defaultWsSettings } from './ws-channel.js';
import type { ConnectionEvent, ReconnectPolicy, WebSocketConstructor, WsAuthMode } from './ws-channel.js';

/** Options of {@link createChatClient}. Only the URL(s) and a token are needed; the rest has defaults. */
export interface ChatClientOptions {
  /** e.g. `wss://abc.execute-api.eu-west-1.amazonaws.com/prod` or the local gateway's URL. */
  wsUrl?: string;
  /** e.g. `https://api.example.com/api/chat/stream`. */
  sseUrl?: string;
  /** A JWT; or use `getToken` for one that is refreshed (called before each connection and POST). */
  token?: string;
  getToken?: () => string | undefined | Promise<string | undefined>;
  /** `auto` (default): WebSocket, falling back to SSE when the WebSocket cannot connect. */
  transport?: 'auto' | 'ws' | 'sse';
  /** The WebSocket class; defaults to `globalThis.WebSocket` (pass `WebSocket` from `ws` on Node 20). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- `ws`'s overloaded constructor fits no narrower type
  webSocketImpl?: WebSocketConstructor | (new (...args: any[]) => any);
  /** How the token travels on the upgrade: `token` query parameter (default) or `Sec-WebSocket-Protocol`. */
  wsAuth?: WsAuthMode;
  /** `fetch` for SSE; defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  maxConnectionAgeMs?: number;
  connectTimeoutMs?: number;
  resumeSettleMs?: number;
  /** A chat with no `accepted` this long fails with a retryable `timeout` (default 35 s). */
  acceptTimeoutMs?: number;
  /** Silence on a stream (no chunk, no heartbeat) before one `resume`, then failure (default 45 s; 0 = off). */
  stallTimeoutMs?: number;
  reconnect?: Partial<ReconnectPolicy>;
  /** In `auto`, how long to stay on SSE after the WebSocket failed to connect before trying it again. */
  wsRetryAfterMs?: number;
  /** Random source for back-off jitter (tests make it deterministic). */
  random?: () => number;
  /** Makes request ids; defaults to `crypto.randomUUID()`. */
  newRequestId?: () => string;
  /** Connection events (open, close, reconnect, resume, fallback) for status displays. */
  onConnectionEvent?: (event: ConnectionEvent) => void;
}

/** One chat request. */
export interface StreamRequest {
  message: string;
  conversationId?: string;
  /** Engine options, passed through unchanged (e.g. `{ demo: { seconds: 45 } }`). */
  options?: ChatOptions;
  /** Aborting sends `cancel` for the stream and ends it with a `StreamAbortedError`. */
  signal?: AbortSignal;
  /** Idempotency key; one is generated when absent. Re-sending the same id starts nothing new. */
  requestId?: string;
  /** Overrides the client's transport for this request. */
  transport?: 'auto' | 'ws' | 'sse';
}

/** Continue a stream known by id (after a page reload, or an `IncompleteStreamError`). */
export interface ResumeRequest {
  streamId: string;
  /** Last seq already shown; -1 (default) replays from the start. */
  lastSeq?: number;
  signal?: AbortSignal;
}

/** The adapter's entry point: one per app (it shares one WebSocket between requests). */
export interface ChatClient {
  stream(request: StreamRequest): ChatStream;
  /** Attaches to an existing stream over WebSocket and replays every event after `lastSeq`. */
  resume(request: ResumeRequest): ChatStream;
  /** Subscribes to connection events; returns an unsubscribe function. */
  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void;
  /** Counters: connects, reconnects, resumes, drops. */
  readonly stats: Readonly<{ connects: number; reconnects: number; resumes: number; drops: number }>;
  /** Whether the shared WebSocket is open right now. */
  readonly wsOpen: boolean;
  /** Closes the WebSocket as if the network dropped it, to watch recovery (demo and tests). */
  dropConnection(): void;
  /** Closes the WebSocket for good; open streams end as incomplete. */
  close(): void;
}

function defaultRequestId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `r-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** Creates a chat client over WebSocket and/or SSE. */
export function createChatClient(options: ChatClientOptions): ChatClient {
  const mode = options.transport ?? 'auto';
  if (mode === 'ws' && !options.wsUrl) throw new ConfigurationError("transport 'ws' needs wsUrl");
  if (mode === 'sse' && !options.sseUrl) throw new ConfigurationError("transport 'sse' needs sseUrl");
  if (!options.wsUrl && !options.sseUrl) throw new ConfigurationError('pass wsUrl, sseUrl or both');
  if (options.token !== undefined && options.getToken) throw new ConfigurationError('pass token or getToken, not both');

  const getToken = async (): Promise<string | undefined> => (options.getToken ? await options.getToken() : options.token);
  const listeners = new Set<(e: ConnectionEvent) => void>();
  if (options.onConnectionEvent) listeners.add(options.onConnectionEvent);
  const emit = (e: ConnectionEvent): void => {
    for (const l of [...listeners]) l(e);
  };
  const newRequestId = options.newRequestId ?? defaultRequestId;
  const fetchImpl = options.fetch ?? (globalThis.fetch ? globalThis.fetch.bind(globalThis) : undefined);

  let channel: WsChannel | undefined;
  const ws = (): WsChannel => {
    if (channel) return channel;
    const impl = (options.webSocketImpl as WebSocketConstructor | undefined) ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!impl) {
      throw new ConfigurationError("no global WebSocket here (Node 20): pass webSocketImpl, e.g. `import WebSocket from 'ws'`");
    }
    channel = new WsChannel({
      url: options.wsUrl!,
      getToken,
      auth: options.wsAuth ?? defaultWsSettings.auth,
      impl,
      pingIntervalMs: options.pingIntervalMs ?? defaultWsSettings.pingIntervalMs,
      pongTimeoutMs: options.pongTimeoutMs ?? defaultWsSettings.pongTimeoutMs,
      maxConnectionAgeMs: options.maxConnectionAgeMs ?? defaultWsSettings.maxConnectionAgeMs,
      connectTimeoutMs: options.connectTimeoutMs ?? defaultWsSettings.connectTimeoutMs,
      resumeSettleMs: options.resumeSettleMs ?? defaultWsSettings.resumeSettleMs,
      acceptTimeoutMs: options.acceptTimeoutMs ?? defaultWsSettings.acceptTimeoutMs,
      stallTimeoutMs: options.stallTimeoutMs ?? defaultWsSettings.stallTimeoutMs,
      reconnect: { ...defaultWsSettings.reconnect, ...options.reconnect },
      random: options.random ?? Math.random,
      onEvent: emit,
    });
    return channel;
  };

  let wsFailedAt = -Infinity;
  const wsRetryAfterMs = options.wsRetryAfterMs ?? 60_000;

  const startSse = (stream: StreamState): void => {
    if (!fetchImpl) throw new ConfigurationError('no global fetch here: pass the fetch option');
    runSse(stream, {
      url: options.sseUrl!,
      getToken,
      fetch: fetchImpl,
      stallTimeoutMs: options.stallTimeoutMs ?? defaultWsSettings.stallTimeoutMs,
      continueOverWs: options.wsUrl ? (s) => ws().attach(s) : undefined,
      cancelOverWs: options.wsUrl
        ? (id) => {
            // Only worth it where a socket is (or can be) open; a refused socket must not throw here.
            try {
              ws().cancelById(id);
            } catch {
              /* no WebSocket implementation */
            }
          }
        : undefined,
    });
  };

  return {
    stream(request: StreamRequest): ChatStream {
      const action: ChatAction = { action: 'chat', requestId: request.requestId ?? newRequestId(), message: request.message };
      if (request.conversationId !== undefined) action.conversationId = request.conversationId;
      if (request.options !== undefined) action.options = request.options;
      const stream = new StreamState(action, action.requestId, request.signal);
      let m = request.transport ?? mode;
      const invalid = validateChat(action as unknown as Record<string, unknown>);
      if (invalid) {
        queueMicrotask(() => stream.fail(new StreamgateError(invalid.code, invalid.message, { requestId: action.requestId })));
        return stream;
      }
      const frameBytes = utf8Length(serializeAction(action));
      if (frameBytes > LIMITS.maxFrameBytes && m !== 'sse') {
        // One frame that big makes API Gateway close the socket (1009): send it over SSE or not at all.
        if (m === 'auto' && options.sseUrl) {
          m = 'sse';
        } else {
          const message = `the chat frame is ${frameBytes} bytes; a WebSocket frame is limited to ${LIMITS.maxFrameBytes}: shorten the message or use SSE`;
          queueMicrotask(() => stream.fail(new StreamgateError('frame_too_large', message, { requestId: action.requestId })));
          return stream;
        }
      }
      if (m === 'sse' || (m === 'auto' && !options.wsUrl)) {
        startSse(stream);
      } else if (m === 'ws' || !options.sseUrl) {
        stream.transport = 'ws';
        ws().startChat(stream);
      } else if (channel?.isOpen) {
        stream.transport = 'ws';
        channel.startChat(stream);
      } else if (Date.now() - wsFailedAt < wsRetryAfterMs) {
        startSse(stream);
      } else {
        ws()
          .ensureOpen()
          .then(
            () => {
              if (stream.finished) return;
              stream.transport = 'ws';
              ws().startChat(stream);
            },
            (err: unknown) => {
              if (stream.finished) return;
              wsFailedAt = Date.now();
              emit({ type: 'fallback', reason: err instanceof ConnectError ? err.message : String(err) });
              startSse(stream);
            },
          );
      }
      return stream;
    },

    resume(request: ResumeRequest): ChatStream {
      if (!options.wsUrl) throw new ConfigurationError('resume needs wsUrl');
      const stream = new StreamState(undefined, `resume-${request.streamId}`, request.signal);
      stream.streamId = request.streamId;
      stream.lastSeq = request.lastSeq ?? -1;
      ws().attach(stream);
      return stream;
    },

    onConnectionEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    get stats() {
      return channel ? { ...channel.stats } : { connects: 0, reconnects: 0, resumes: 0, drops: 0 };
    },

    get wsOpen() {
      return channel?.isOpen ?? false;
    },

    dropConnection() {
      channel?.simulateDrop();
    },

    close() {
      channel?.close();
    },
  };
}
