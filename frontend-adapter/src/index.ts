/**
 * streamgate frontend adapter: one small client API over the WebSocket and SSE chat streams.
 * `createChatClient` is the entry point; `./react` and `./ai` add a React hook and an AI SDK transport.
 */
export { createChatClient } from './client.js';
export type { ChatClient, ChatClientOptions, ResumeRequest, StreamRequest } from './client.js';
export type { ChatStream, StreamResult, TransportKind } from './stream.js';
export type { ConnectionEvent, ReconnectPolicy, WebSocketConstructor, WebSocketLike, WsAuthMode } from './ws-channel.js';
export {
  ConfigurationError,
  ConnectError,
  HttpError,
  IncompleteStreamError,
  StreamAbortedError,
  StreamgateError,
} from './errors.js';
export type { AdapterErrorCode } from './errors.js';
export { LIMITS, MalformedEventError, parseServerEvent, serializeAction, sseRequestBody, utf8Length, validateChat } from './protocol.js';
export type {
  AcceptedEvent,
  CancelAction,
  ChatAction,
  ChatOptions,
  ChunkEvent,
  ClientAction,
  DoneEvent,
  ErrorEvent,
  HandoffEvent,
  HeartbeatEvent,
  PingAction,
  PongEvent,
  ResumeAction,
  ServerEvent,
  StreamEvent,
  Usage,
} from './protocol.js';
export { createSseParser } from './sse-parser.js';
export type { SseMessage, SseParserCallbacks } from './sse-parser.js';
