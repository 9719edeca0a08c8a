/**
 * An AI SDK v5 `ChatTransport` over streamgate: `useChat({ transport: new StreamgateChatTransport({ client }) })`.
 * Protocol events become UI message chunks: `start`, `text-start`, `text-delta`…, `text-end`, `finish`
 * (or `error` / `abort`). Only types come from `ai`, so this entry point adds nothing at run time.
 */
import type { ChatRequestOptions, ChatTransport, FinishReason, UIMessage, UIMessageChunk } from 'ai';
import type { ChatClient } from './client.js';
import type { ChatOptions } from './protocol.js';
import type { ChatStream } from './stream.js';

/** Where the transport remembers each chat's open stream, so `reconnectToStream` can find it. */
export interface ActiveStreamStore {
  get(chatId: string): { streamId: string } | undefined;
  set(chatId: string, value: { streamId: string }): void;
  delete(chatId: string): void;
}

/** What one `sendMessages` call asks the server for. */
export interface StreamgateRequest {
  message: string;
  conversationId?: string;
  options?: ChatOptions;
}

/** Options of {@link StreamgateChatTransport}. */
export interface StreamgateChatTransportOptions<M extends UIMessage> {
  client: ChatClient;
  /**
   * Turns the SDK's request into a streamgate chat. Default: the text parts of the last user message,
   * `conversationId` = `chatId`, and `body.options` (if any) as engine options.
   */
  prepareRequest?: (request: { chatId: string; messages: M[]; body: object | undefined; trigger: 'submit-message' | 'regenerate-message' }) => StreamgateRequest;
  /** Default: in memory. Use one backed by `sessionStorage` to reconnect after a page reload. */
  store?: ActiveStreamStore;
}

function memoryStore(): ActiveStreamStore {
  const m = new Map<string, { streamId: string }>();
  return { get: (k) => m.get(k), set: (k, v) => void m.set(k, v), delete: (k) => void m.delete(k) };
}

function finishReason(reason: string): FinishReason {
  switch (reason) {
    case 'complete':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'other';
  }
}

function defaultPrepare<M extends UIMessage>(r: { chatId: string; messages: M[]; body: object | undefined }): StreamgateRequest {
  const lastUser = [...r.messages].reverse().find((m) => m.role === 'user');
  const message = (lastUser?.parts ?? [])
    .flatMap((p) => (p.type === 'text' ? [p.text] : []))
    .join('');
  const out: StreamgateRequest = { message, conversationId: r.chatId };
  const options = (r.body as { options?: unknown } | undefined)?.options;
  if (options && typeof options === 'object') out.options = options as ChatOptions;
  return out;
}

/**
 * Maps a {@link ChatStream} to the AI SDK's chunk stream. Every text part is opened with `text-start`
 * before its first delta, because the SDK rejects a `text-delta` whose part it never saw.
 */
let textParts = 0;

function toChunks(stream: ChatStream, onEnd: () => void, abortSignal: AbortSignal | undefined): ReadableStream<UIMessageChunk> {
  let textId: string | undefined;
  return new ReadableStream<UIMessageChunk>({
    start: (controller) => {
      controller.enqueue({ type: 'start' });
      const closeText = (): void => {
        if (textId !== undefined) controller.enqueue({ type: 'text-end', id: textId });
        textId = undefined;
      };
      stream.onEvent((e) => {
        if (e.type === 'accepted') {
          controller.enqueue({ type: 'message-metadata', messageMetadata: { streamId: e.streamId } });
        } else if (e.type === 'chunk') {
          if (textId === undefined) {
            textId = `${stream.streamId ?? stream.requestId}-text-${++textParts}`;
            controller.enqueue({ type: 'text-start', id: textId });
          }
          controller.enqueue({ type: 'text-delta', id: textId, delta: e.text });
        }
      });
      stream.result().then(
        (r) => {
          closeText();
          controller.enqueue({ type: 'finish', finishReason: finishReason(r.done.reason) });
          controller.close();
          onEnd();
        },
        (err: unknown) => {
          closeText();
          const aborted = (err as { code?: string }).code === 'aborted' || abortSignal?.aborted;
          controller.enqueue(aborted ? { type: 'abort' } : { type: 'error', errorText: err instanceof Error ? err.message : String(err) });
          controller.close();
          // An incomplete stream may still be resumable: keep it for reconnectToStream.
          if ((err as { code?: string }).code !== 'incomplete_stream') onEnd();
        },
      );
    },
    cancel: () => {
      if (!stream.finished) stream.cancel();
    },
  });
}

/** AI SDK v5 `ChatTransport` over a streamgate {@link ChatClient} (WebSocket, SSE or auto). */
export class StreamgateChatTransport<M extends UIMessage = UIMessage> implements ChatTransport<M> {
  private readonly client: ChatClient;
  private readonly prepare: NonNullable<StreamgateChatTransportOptions<M>['prepareRequest']>;
  private readonly store: ActiveStreamStore;
  /** How far this page's SDK got in each chat's stream (in memory only: a reload starts from scratch). */
  private readonly progress = new Map<string, { streamId: string; lastSeq: number }>();

  constructor(options: StreamgateChatTransportOptions<M>) {
    this.client = options.client;
    this.prepare = options.prepareRequest ?? defaultPrepare;
    this.store = options.store ?? memoryStore();
  }

  async sendMessages(
    options: {
      trigger: 'submit-message' | 'regenerate-message';
      chatId: string;
      messageId: string | undefined;
      messages: M[];
      abortSignal: AbortSignal | undefined;
    } & ChatRequestOptions,
  ): Promise<ReadableStream<UIMessageChunk>> {
    const req = this.prepare({ chatId: options.chatId, messages: options.messages, body: options.body, trigger: options.trigger });
    const stream = this.client.stream({ ...req, ...(options.abortSignal ? { signal: options.abortSignal } : {}) });
    this.track(options.chatId, stream);
    return toChunks(stream, () => this.forget(options.chatId), options.abortSignal);
  }

  private track(chatId: string, stream: ChatStream): void {
    stream.onEvent((e) => {
      if (e.type === 'accepted') {
        this.store.set(chatId, { streamId: e.streamId });
        this.progress.set(chatId, { streamId: e.streamId, lastSeq: -1 });
      } else if (e.type === 'chunk') {
        this.progress.set(chatId, { streamId: e.streamId, lastSeq: e.seq });
      }
    });
  }

  private forget(chatId: string): void {
    this.store.delete(chatId);
    this.progress.delete(chatId);
  }

  /**
   * Resumes the chat's open stream over WebSocket; `null` when the chat has no open stream. When this
   * transport already gave the SDK part of the answer (same page), it resumes after the last seq it
   * delivered and opens a new text part, which the SDK appends to the assistant message it is continuing;
   * otherwise (e.g. after a reload, where the store knows only the stream id) it replays from the start
   * (`lastSeq` -1) so the SDK rebuilds the whole message. Either way every delta follows its `text-start`.
   */
  async reconnectToStream(options: { chatId: string; abortSignal?: AbortSignal } & ChatRequestOptions): Promise<ReadableStream<UIMessageChunk> | null> {
    const active = this.store.get(options.chatId);
    if (!active) return null;
    const seen = this.progress.get(options.chatId);
    const lastSeq = seen?.streamId === active.streamId ? seen.lastSeq : -1;
    const stream = this.client.resume({ streamId: active.streamId, lastSeq, ...(options.abortSignal ? { signal: options.abortSignal } : {}) });
    this.progress.set(options.chatId, { streamId: active.streamId, lastSeq });
    this.track(options.chatId, stream);
    return toChunks(stream, () => this.forget(options.chatId), options.abortSignal);
  }
}
