/**
 * Wire protocol v1: the client actions the adapter sends and the server events it receives.
 * Shapes follow DESIGN.md and the golden fixtures in `modules/protocol/fixtures/`.
 */

/** Free-form per-request options passed through to the engine (e.g. `{ demo: { seconds: 45 } }`). */
export type ChatOptions = Record<string, unknown>;

/** `chat`: start a stream. `requestId` makes a repeated chat harmless. */
export interface ChatAction {
  action: 'chat';
  requestId: string;
  message: string;
  conversationId?: string;
  options?: ChatOptions;
}

/** `cancel`: stop a running stream. */
export interface CancelAction {
  action: 'cancel';
  streamId: string;
}

/** `resume`: attach this connection to a stream and replay every event after `lastSeq` (-1 = all). */
export interface ResumeAction {
  action: 'resume';
  streamId: string;
  lastSeq: number;
}

/** `ping`: app-level keep-alive (browsers cannot send ping frames). */
export interface PingAction {
  action: 'ping';
}

/** Every frame a client sends. */
export type ClientAction = ChatAction | CancelAction | ResumeAction | PingAction;

/** First event of a stream: the server took the request. */
export interface AcceptedEvent {
  type: 'accepted';
  requestId: string;
  streamId: string;
}

/** A piece of the answer; `seq` grows by one per content event. */
export interface ChunkEvent {
  type: 'chunk';
  streamId: string;
  seq: number;
  text: string;
}

/** Sent while the engine is silent. */
export interface HeartbeatEvent {
  type: 'heartbeat';
  streamId: string;
}

/** SSE only: the short-request budget ran out; continue the stream with `resume`. */
export interface HandoffEvent {
  type: 'handoff';
  streamId: string;
  lastSeq: number;
}

/** Token counts, when the engine reports them. */
export type Usage = Record<string, unknown>;

/** Last event of a stream. */
export interface DoneEvent {
  type: 'done';
  streamId: string;
  seq: number;
  reason: string;
  usage?: Usage;
}

/** A refusal or failure; `code` is a lower-snake-case error code. */
export interface ErrorEvent {
  type: 'error';
  code: string;
  message: string;
  retryable: boolean;
  streamId?: string;
  requestId?: string;
}

/** Answer to `ping`. */
export interface PongEvent {
  type: 'pong';
}

/** Every event a server sends. */
export type ServerEvent =
  | AcceptedEvent
  | ChunkEvent
  | HeartbeatEvent
  | HandoffEvent
  | DoneEvent
  | ErrorEvent
  | PongEvent;

/** Events that belong to one stream and are handed to its consumer. */
export type StreamEvent = AcceptedEvent | ChunkEvent | HeartbeatEvent | HandoffEvent | DoneEvent;

/** Thrown by {@link parseServerEvent} for a frame that is not a protocol v1 event. */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

type Json = Record<string, unknown>;

function str(o: Json, key: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw new MalformedEventError(`field "${key}" must be a string`);
  return v;
}

function int(o: Json, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new MalformedEventError(`field "${key}" must be an integer`);
  }
  return v;
}

/**
 * Parses and checks one server event (a WebSocket text frame or an SSE `data:` payload).
 * Unknown extra fields are dropped so the typed object matches the protocol exactly.
 */
export function parseServerEvent(raw: string | Json): ServerEvent {
  let o: unknown;
  if (typeof raw === 'string') {
    try {
      o = JSON.parse(raw);
    } catch {
      throw new MalformedEventError('event is not JSON');
    }
  } else {
    o = raw;
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new MalformedEventError('event is not a JSON object');
  }
  const j = o as Json;
  switch (j.type) {
    case 'accepted':
      return { type: 'accepted', requestId: str(j, 'requestId')!, streamId: str(j, 'streamId')! };
    case 'chunk':
      return { type: 'chunk', streamId: str(j, 'streamId')!, seq: int(j, 'seq'), text: str(j, 'text')! };
    case 'heartbeat':
      return { type: 'heartbeat', streamId: str(j, 'streamId')! };
    case 'handoff':
      return { type: 'handoff', streamId: str(j, 'streamId')!, lastSeq: int(j, 'lastSeq') };
    case 'done': {
      const e: DoneEvent = { type: 'done', streamId: str(j, 'streamId')!, seq: int(j, 'seq'), reason: str(j, 'reason')! };
      if (j.usage !== undefined && j.usage !== null) {
        if (typeof j.usage !== 'object' || Array.isArray(j.usage)) throw new MalformedEventError('field "usage" must be an object');
        e.usage = j.usage as Usage;
      }
      return e;
    }
    case 'error': {
      if (typeof j.retryable !== 'boolean') throw new MalformedEventError('field "retryable" must be a boolean');
      const e: ErrorEvent = { type: 'error', code: str(j, 'code')!, message: str(j, 'message')!, retryable: j.retryable };
      const streamId = str(j, 'streamId', true);
      const requestId = str(j, 'requestId', true);
      if (streamId !== undefined) e.streamId = streamId;
      if (requestId !== undefined) e.requestId = requestId;
      return e;
    }
    case 'pong':
      return { type: 'pong' };
    default:
      throw new MalformedEventError(`unknown event type ${JSON.stringify(j.type)}`);
  }
}

/** Serializes a client action with a stable field order (the order of the protocol table). */
export function serializeAction(a: ClientAction): string {
  switch (a.action) {
    case 'chat': {
      const o: Json = { action: 'chat', requestId: a.requestId, message: a.message };
      if (a.conversationId !== undefined) o.conversationId = a.conversationId;
      if (a.options !== undefined) o.options = a.options;
      return JSON.stringify(o);
    }
    case 'cancel':
      return JSON.stringify({ action: 'cancel', streamId: a.streamId });
    case 'resume':
      return JSON.stringify({ action: 'resume', streamId: a.streamId, lastSeq: a.lastSeq });
    case 'ping':
      return JSON.stringify({ action: 'ping' });
  }
}

/** The SSE request body: the `chat` fields without `action`. */
export function sseRequestBody(a: ChatAction): string {
  const o: Json = { requestId: a.requestId, message: a.message };
  if (a.conversationId !== undefined) o.conversationId = a.conversationId;
  if (a.options !== undefined) o.options = a.options;
  return JSON.stringify(o);
}

/** Protocol v1 limits (the protocol module's `Limits` and fixtures manifest). */
export const LIMITS = {
  /** API Gateway closes the socket (1009) on a bigger frame; browsers send a message as one frame. */
  maxFrameBytes: 32_768,
  maxPayloadBytes: 131_072,
  maxMessageTextBytes: 126_976,
  idPattern: /^[A-Za-z0-9._:-]{1,128}$/,
} as const;

/** UTF-8 length of a string (sizes in the protocol are UTF-8 bytes). */
export function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

function unpairedSurrogateAt(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const n = s.charCodeAt(i + 1);
      if (n >= 0xdc00 && n <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/**
 * Checks a chat the way the server's codec does, so a bad request fails at once with the same error
 * code instead of a round trip: `missing_field`, `invalid_field`, `empty_message`, `message_too_long`.
 */
export function validateChat(chat: Record<string, unknown>): { code: string; message: string } | undefined {
  const id = (field: string, required: boolean): { code: string; message: string } | undefined => {
    const v = chat[field];
    if (v === undefined || v === null) return required ? { code: 'missing_field', message: `"${field}" is required` } : undefined;
    if (typeof v !== 'string' || !LIMITS.idPattern.test(v)) {
      return { code: 'invalid_field', message: `"${field}" must match ${LIMITS.idPattern.source}` };
    }
    return undefined;
  };
  const bad = id('requestId', true);
  if (bad) return bad;
  const m = chat.message;
  if (m === undefined || m === null) return { code: 'missing_field', message: '"message" is required' };
  if (typeof m !== 'string') return { code: 'invalid_field', message: '"message" must be a string' };
  if (m.trim().length === 0) return { code: 'empty_message', message: '"message" is empty; send the user\'s text' };
  const bytes = utf8Length(m);
  if (bytes > LIMITS.maxMessageTextBytes) {
    return { code: 'message_too_long', message: `"message" is ${bytes} bytes (UTF-8); the limit is ${LIMITS.maxMessageTextBytes}` };
  }
  const at = unpairedSurrogateAt(m);
  if (at >= 0) return { code: 'invalid_field', message: `"message" has an unpaired UTF-16 surrogate at index ${at}` };
  const conv = id('conversationId', false);
  if (conv) return conv;
  const o = chat.options;
  if (o !== undefined && o !== null && (typeof o !== 'object' || Array.isArray(o))) {
    return { code: 'invalid_field', message: '"options" must be a JSON object' };
  }
  return undefined;
}
