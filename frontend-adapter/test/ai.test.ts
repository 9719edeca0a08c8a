import { readUIMessageStream } from 'ai';
import type { UIMessage, UIMessageChunk } from 'ai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { StreamgateChatTransport } from '../src/ai.js';
import { createChatClient } from '../src/index.js';
import type { ChatClient } from '../src/index.js';
import { ProtocolServer } from './support/protocol-server.js';
import { waitFor } from './support/wait.js';

let server: ProtocolServer;
let client: ChatClient;
let transport: StreamgateChatTransport;

const userMessage: UIMessage = { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'hello there' }] };

beforeEach(async () => {
  server = await new ProtocolServer().start();
  client = createChatClient({ wsUrl: server.wsUrl, token: server.token, transport: 'ws', webSocketImpl: WebSocket });
  transport = new StreamgateChatTransport({ client });
});

afterEach(async () => {
  client.close();
  await server.stop();
});

async function drain(stream: ReadableStream<UIMessageChunk>): Promise<UIMessageChunk[]> {
  const out: UIMessageChunk[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(value);
  }
}

async function lastMessage(stream: ReadableStream<UIMessageChunk>): Promise<UIMessage | undefined> {
  let last: UIMessage | undefined;
  for await (const m of readUIMessageStream({ stream, terminateOnError: true })) last = m;
  return last;
}

const send = (body?: object, abortSignal?: AbortSignal) =>
  transport.sendMessages({ trigger: 'submit-message', chatId: 'chat-1', messageId: undefined, messages: [userMessage], abortSignal, body });

describe('StreamgateChatTransport', () => {
  it('sendMessages_mapsProtocolEventsToUiMessageChunks', async () => {
    const chunks = await drain(await send({ options: { demo: { seconds: 1 } } }));
    expect(chunks.map((c) => c.type)).toEqual([
      'start', 'message-metadata', 'text-start', 'text-delta', 'text-delta', 'text-delta', 'text-delta', 'text-delta', 'text-end', 'finish',
    ]);
    expect(chunks.at(-1)).toEqual({ type: 'finish', finishReason: 'stop' });
    expect(server.actions('chat')[0]).toMatchObject({ message: 'hello there', conversationId: 'chat-1', options: { demo: { seconds: 1 } } });
  });

  it('sendMessages_outputIsAcceptedByTheSdkMessageReader', async () => {
    const m = await lastMessage(await send());
    expect(m?.role).toBe('assistant');
    expect(m?.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('')).toBe('w0 w1 w2 w3 w4 ');
  });

  it('abortSignal_cancelsTheStreamAndEndsWithAbort', async () => {
    server.defaults = { chunks: 1000, intervalMs: 5 };
    const controller = new AbortController();
    const stream = await send(undefined, controller.signal);
    const reading = drain(stream);
    await waitFor(() => (client.stats.connects > 0 && server.streams.get('s-1')?.history.length) ? server.streams.get('s-1')!.history.length > 2 : false);
    controller.abort();
    const chunks = await reading;
    expect(chunks.at(-1)).toEqual({ type: 'abort' });
    await waitFor(() => server.actions('cancel').length === 1);
  });

  it('serverError_becomesAnErrorChunk', async () => {
    server.refuseWebSocket = true;
    const chunks = await drain(await send());
    expect(chunks.at(-1)).toMatchObject({ type: 'error' });
  });

  it('reconnectToStream_withNoOpenStream_returnsNull', async () => {
    expect(await transport.reconnectToStream({ chatId: 'nothing' })).toBeNull();
  });

  it('reconnectToStream_replaysTheOpenStreamFromTheStartAndTheSdkAcceptsIt', async () => {
    server.defaults = { chunks: 30, intervalMs: 10 };
    // Simulate a reload: the first page's client goes away mid-answer, the store survives.
    const store = new Map<string, { streamId: string }>();
    const storeApi = { get: (k: string) => store.get(k), set: (k: string, v: { streamId: string }) => void store.set(k, v), delete: (k: string) => void store.delete(k) };
    const firstClient = createChatClient({ wsUrl: server.wsUrl, token: server.token, transport: 'ws', webSocketImpl: WebSocket });
    const first = new StreamgateChatTransport({ client: firstClient, store: storeApi });
    const firstStream = await first.sendMessages({ trigger: 'submit-message', chatId: 'c', messageId: undefined, messages: [userMessage], abortSignal: undefined });
    const reader = firstStream.getReader();
    await reader.read();
    await waitFor(() => (server.streams.get('s-1')?.history.length ?? 0) > 5);
    firstClient.close();
    expect(store.get('c')).toEqual({ streamId: 's-1' });

    const second = new StreamgateChatTransport({ client, store: storeApi });
    const resumed = await second.reconnectToStream({ chatId: 'c' });
    const m = await lastMessage(resumed!);
    expect(m?.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('')).toBe(
      Array.from({ length: 30 }, (_, i) => `w${i} `).join(''),
    );
    expect(server.actions('resume')).toEqual([{ action: 'resume', streamId: 's-1', lastSeq: -1 }]);
    expect(store.get('c')).toBeUndefined();
  });

  it('reconnectToStream_onTheSamePage_resumesAfterWhatTheSdkHasAndOpensANewTextPart', async () => {
    server.defaults = { chunks: 40, intervalMs: 10 };
    const flaky = createChatClient({
      wsUrl: server.wsUrl,
      token: server.token,
      transport: 'ws',
      webSocketImpl: WebSocket,
      reconnect: { initialDelayMs: 10, maxDelayMs: 20, maxAttempts: 2 },
    });
    const t = new StreamgateChatTransport({ client: flaky });
    const first = await t.sendMessages({ trigger: 'submit-message', chatId: 'c', messageId: undefined, messages: [userMessage], abortSignal: undefined });
    let partial: UIMessage | undefined;
    const reading = (async () => {
      for await (const m of readUIMessageStream({ stream: first, onError: () => {} })) partial = m;
    })();
    await waitFor(() => (partial?.parts.some((p) => p.type === 'text' && p.text.length > 20) ?? false));
    // The network goes away for good: the SDK's stream ends with an error, the server stream goes on.
    server.refuseWebSocket = true;
    server.dropAll();
    await reading;
    const before = partial!.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('');
    expect(before.length).toBeGreaterThan(0);

    server.refuseWebSocket = false;
    const resumed = await t.reconnectToStream({ chatId: 'c' });
    let m: UIMessage | undefined;
    for await (const x of readUIMessageStream({ message: partial, stream: resumed!, terminateOnError: true })) m = x;
    const text = m!.parts.filter((p) => p.type === 'text').map((p) => (p as { text: string }).text).join('');
    expect(text).toBe(Array.from({ length: 40 }, (_, i) => `w${i} `).join(''));
    expect(server.actions('resume').at(-1)).toMatchObject({ streamId: 's-1' });
    expect(server.actions('resume').at(-1)!.lastSeq).toBeGreaterThan(-1);
    flaky.close();
  });
});
