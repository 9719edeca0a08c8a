import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createChatClient, HttpError, IncompleteStreamError, StreamAbortedError } from '../src/index.js';
import type { ChatClient, ConnectionEvent, StreamEvent } from '../src/index.js';
import { ProtocolServer } from './support/protocol-server.js';
import { waitFor } from './support/wait.js';

let server: ProtocolServer;
const clients: ChatClient[] = [];

function newClient(transport: 'auto' | 'ws' | 'sse', extra: Partial<Parameters<typeof createChatClient>[0]> = {}): ChatClient {
  const c = createChatClient({
    wsUrl: server.wsUrl,
    sseUrl: server.sseUrl,
    token: server.token,
    transport,
    webSocketImpl: WebSocket,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 3 },
    ...extra,
  });
  clients.push(c);
  return c;
}

beforeEach(async () => {
  server = await new ProtocolServer().start();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.stop();
});

describe('SSE transport against a real http server', () => {
  it('stream_overSse_postsChatFieldsWithBearerTokenAndDeliversEvents', async () => {
    const client = newClient('sse');
    const stream = client.stream({ message: 'hi', conversationId: 'c9', options: { demo: { seconds: 1 } } });
    const events: StreamEvent[] = [];
    for await (const e of stream) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['accepted', 'chunk', 'chunk', 'chunk', 'chunk', 'chunk', 'done']);
    expect(stream.transport).toBe('sse');
    expect(server.ssePosts).toHaveLength(1);
    expect(server.ssePosts[0]).toEqual({
      authorization: `Bearer ${server.token}`,
      body: { requestId: stream.requestId, message: 'hi', conversationId: 'c9', options: { demo: { seconds: 1 } } },
    });
    expect(server.upgrades).toHaveLength(0);
  });

  it('httpErrorStatus_failsWithTypedErrorAndIsNeverRetried', async () => {
    server.sseFailure = { status: 503, body: { type: 'error', code: 'overloaded', message: 'busy', retryable: true } };
    const client = newClient('sse');
    const err = await client.stream({ message: 'x' }).text().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ status: 503, code: 'overloaded', retryable: true });
    expect(server.ssePosts).toHaveLength(1);
  });

  it('responseEndingWithoutDone_isIncompleteNeverSilentlySuccessful', async () => {
    server.sseEndWithoutDone = true;
    const client = newClient('sse');
    const err = await client.stream({ message: 'x' }).text().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompleteStreamError);
    expect(err).toMatchObject({ lastSeq: 4, streamId: 's-1', retryable: true });
    expect(server.ssePosts).toHaveLength(1);
  });

  it('silentResponse_failsAsIncompleteAfterTheStallTimeout', async () => {
    server.sseStallAfterChunks = true;
    const client = newClient('sse', { stallTimeoutMs: 300 });
    const err = await client.stream({ message: 'x' }).text().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompleteStreamError);
    expect(err).toMatchObject({ lastSeq: 4, streamId: 's-1' });
    expect(server.ssePosts).toHaveLength(1);
  });

  it('handoff_continuesTheSameStreamOverWebSocketFromLastSeq', async () => {
    const client = newClient('sse');
    const stream = client.stream({ message: 'x', options: { test: { chunks: 12, intervalMs: 5, handoffAfter: 4 } } });
    const events: StreamEvent[] = [];
    for await (const e of stream) events.push(e);
    const seqs = events.flatMap((e) => (e.type === 'chunk' ? [e.seq] : []));
    expect(seqs).toEqual([...Array(12).keys()]);
    expect(events.some((e) => e.type === 'handoff')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'complete' });
    expect(stream.transport).toBe('ws');
    expect(server.actions('resume')).toEqual([{ action: 'resume', streamId: 's-1', lastSeq: 3 }]);
    expect(server.ssePosts).toHaveLength(1);
  });

  it('abortOverSse_closesTheResponseAndSendsCancelOverWebSocket', async () => {
    server.defaults = { chunks: 1000, intervalMs: 5 };
    const client = newClient('sse');
    const controller = new AbortController();
    const stream = client.stream({ message: 'x', signal: controller.signal });
    await waitFor(() => stream.lastSeq >= 2);
    controller.abort();
    await expect(stream.text()).rejects.toBeInstanceOf(StreamAbortedError);
    await waitFor(() => server.actions('cancel').length === 1);
    expect(server.actions('cancel')[0]).toEqual({ action: 'cancel', streamId: 's-1' });
  });
});

describe('auto transport', () => {
  it('auto_prefersWebSocket', async () => {
    const client = newClient('auto');
    const stream = client.stream({ message: 'x' });
    await stream.text();
    expect(stream.transport).toBe('ws');
    expect(server.ssePosts).toHaveLength(0);
  });

  it('auto_whenWebSocketCannotConnect_fallsBackToSse', async () => {
    server.refuseWebSocket = true;
    const events: ConnectionEvent[] = [];
    const client = newClient('auto', { onConnectionEvent: (e) => events.push(e) });
    const stream = client.stream({ message: 'x' });
    expect(await stream.text()).toBe('w0 w1 w2 w3 w4 ');
    expect(stream.transport).toBe('sse');
    expect(events.some((e) => e.type === 'fallback')).toBe(true);
    // The next request goes straight to SSE instead of paying for another failed upgrade.
    const second = client.stream({ message: 'y' });
    await second.text();
    expect(second.transport).toBe('sse');
    expect(server.upgrades).toHaveLength(1);
  });

  it('auto_withoutWsUrl_usesSse', async () => {
    const c = createChatClient({ sseUrl: server.sseUrl, token: server.token });
    clients.push(c);
    const stream = c.stream({ message: 'x' });
    await stream.text();
    expect(stream.transport).toBe('sse');
  });

  it('getToken_isCalledForEachConnectionAndPost', async () => {
    let calls = 0;
    const c = createChatClient({
      wsUrl: server.wsUrl,
      sseUrl: server.sseUrl,
      getToken: async () => {
        calls++;
        return server.token;
      },
      webSocketImpl: WebSocket,
    });
    clients.push(c);
    await c.stream({ message: 'x' }).text();
    await c.stream({ message: 'y', transport: 'sse' }).text();
    expect(calls).toBe(2);
  });
});
