import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createChatClient, IncompleteStreamError, StreamAbortedError, StreamgateError } from '../src/index.js';
import type { ChatClient, ChunkEvent, ConnectionEvent, StreamEvent } from '../src/index.js';
import { ProtocolServer } from './support/protocol-server.js';
import { waitFor } from './support/wait.js';

let server: ProtocolServer;
let client: ChatClient;
let connectionEvents: ConnectionEvent[];

beforeEach(async () => {
  server = await new ProtocolServer().start();
  connectionEvents = [];
  client = createChatClient({
    wsUrl: server.wsUrl,
    token: server.token,
    transport: 'ws',
    webSocketImpl: WebSocket,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100, maxAttempts: 5 },
    onConnectionEvent: (e) => connectionEvents.push(e),
  });
});

afterEach(async () => {
  client.close();
  await server.stop();
});

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

describe('WebSocket transport against a real ws server', () => {
  it('stream_overWebSocket_deliversAcceptedChunksInOrderAndDone', async () => {
    const stream = client.stream({ message: 'hello', conversationId: 'c1' });
    const events = await collect(stream);
    expect(events[0]).toMatchObject({ type: 'accepted', requestId: stream.requestId });
    const seqs = events.filter((e): e is ChunkEvent => e.type === 'chunk').map((e) => e.seq);
    expect(seqs).toEqual([0, 1, 2, 3, 4]);
    expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'complete' });
    expect(await stream.text()).toBe('w0 w1 w2 w3 w4 ');
    expect(stream.transport).toBe('ws');
    expect(server.actions('chat')[0]).toEqual({ action: 'chat', requestId: stream.requestId, message: 'hello', conversationId: 'c1' });
  });

  it('stream_sendsTokenInQueryParameter', async () => {
    await client.stream({ message: 'x' }).text();
    expect(new URL(server.upgrades[0]!, 'http://x').searchParams.get('token')).toBe(server.token);
  });

  it('concurrentStreams_shareOneConnection', async () => {
    const texts = await Promise.all([1, 2, 3].map((i) => client.stream({ message: `m${i}` }).text()));
    expect(texts).toEqual(['w0 w1 w2 w3 w4 ', 'w0 w1 w2 w3 w4 ', 'w0 w1 w2 w3 w4 ']);
    expect(server.upgrades).toHaveLength(1);
    expect(client.stats.connects).toBe(1);
  });

  it('onText_reportsDeltasAndFullText', async () => {
    const seen: [string, string][] = [];
    const stream = client.stream({ message: 'x' });
    stream.onText((d, full) => seen.push([d, full]));
    await stream.text();
    expect(seen.at(-1)).toEqual(['w4 ', 'w0 w1 w2 w3 w4 ']);
    expect(seen).toHaveLength(5);
  });

  it('dropMidStream_reconnectsAndResumesFromLastSeqWithNoGapAndNoDuplicate', async () => {
    server.defaults = { chunks: 40, intervalMs: 5 };
    const stream = client.stream({ message: 'long' });
    const chunks: number[] = [];
    let dropped = false;
    stream.onEvent((e) => {
      if (e.type !== 'chunk') return;
      chunks.push(e.seq);
      if (e.seq === 10 && !dropped) {
        dropped = true;
        server.dropAll();
      }
    });
    const text = await stream.text();
    expect(chunks).toEqual([...Array(40).keys()]);
    expect(text.split(' ').filter(Boolean)).toHaveLength(40);
    expect(client.stats.reconnects).toBeGreaterThanOrEqual(1);
    const resume = server.actions('resume')[0]!;
    expect(resume.streamId).toBe(stream.streamId);
    expect(resume.lastSeq).toBeGreaterThanOrEqual(10);
    expect(connectionEvents.some((e) => e.type === 'reconnect-scheduled')).toBe(true);
  });

  it('resumeReplayingSeqsAlreadySeen_dropsTheDuplicates', async () => {
    server.defaults = { chunks: 30, intervalMs: 5 };
    server.replayOverlap = 4;
    const stream = client.stream({ message: 'long' });
    const seqs: number[] = [];
    stream.onEvent((e) => e.type === 'chunk' && seqs.push(e.seq));
    await waitFor(() => stream.lastSeq >= 8);
    client.dropConnection();
    await stream.text();
    expect(seqs).toEqual([...Array(30).keys()]);
  });

  it('dropWithTwoOpenStreams_resumesThemOneAtATime', async () => {
    server.defaults = { chunks: 30, intervalMs: 5 };
    const a = client.stream({ message: 'a' });
    const b = client.stream({ message: 'b' });
    await waitFor(() => a.lastSeq >= 3 && b.lastSeq >= 3);
    client.dropConnection();
    const [ta, tb] = await Promise.all([a.text(), b.text()]);
    expect(ta.split(' ').filter(Boolean)).toHaveLength(30);
    expect(tb.split(' ').filter(Boolean)).toHaveLength(30);
    expect(server.actions('resume').map((r) => r.streamId).sort()).toEqual([a.streamId, b.streamId].sort());
  });

  it('abortSignal_sendsCancelAndEndsWithAbortError', async () => {
    server.defaults = { chunks: 1000, intervalMs: 5 };
    const controller = new AbortController();
    const stream = client.stream({ message: 'x', signal: controller.signal });
    await waitFor(() => stream.lastSeq >= 2);
    controller.abort();
    await expect(stream.text()).rejects.toBeInstanceOf(StreamAbortedError);
    await waitFor(() => server.actions('cancel').length === 1);
    expect(server.actions('cancel')[0]).toEqual({ action: 'cancel', streamId: stream.streamId });
    expect(client.wsOpen).toBe(true);
  });

  it('abortBeforeAccepted_sendsCancelOnceTheStreamIdArrives', async () => {
    server.defaults = { chunks: 1000, intervalMs: 5 };
    server.acceptDelayMs = 100;
    const controller = new AbortController();
    const stream = client.stream({ message: 'x', signal: controller.signal });
    await waitFor(() => server.actions('chat').length === 1);
    controller.abort();
    await expect(stream.text()).rejects.toMatchObject({ code: 'aborted' });
    await waitFor(() => server.actions('cancel').length === 1);
    expect(server.actions('cancel')[0]!.streamId).toBe('s-1');
  });

  it('abortBeforeTheChatWasSent_sendsNothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const stream = client.stream({ message: 'x', signal: controller.signal });
    await expect(stream.text()).rejects.toBeInstanceOf(StreamAbortedError);
    await client.stream({ message: 'y' }).text();
    expect(server.actions('chat').map((c) => c.message)).toEqual(['y']);
  });

  it('breakingOutOfForAwait_cancelsTheStream', async () => {
    server.defaults = { chunks: 1000, intervalMs: 5 };
    const stream = client.stream({ message: 'x' });
    for await (const e of stream) if (e.type === 'chunk' && e.seq === 2) break;
    await waitFor(() => server.actions('cancel').length === 1);
    expect(stream.finished).toBe(true);
  });

  it('serverError_endsTheStreamWithTypedError', async () => {
    const stream = client.resume({ streamId: 'nope', lastSeq: -1 });
    const err = await stream.text().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamgateError);
    expect(err).toMatchObject({ code: 'stream_not_found', retryable: false, streamId: 'nope' });
    await expect(collect(stream)).rejects.toMatchObject({ code: 'stream_not_found' });
  });

  it('dropBetweenChatAndAccepted_resendsTheSameRequestIdAndGetsTheSameStream', async () => {
    server.defaults = { chunks: 20, intervalMs: 5 };
    server.acceptDelayMs = 150;
    const stream = client.stream({ message: 'x', requestId: 'req-1' });
    await waitFor(() => server.actions('chat').length === 1);
    client.dropConnection();
    expect(await stream.text()).toBe(Array.from({ length: 20 }, (_, i) => `w${i} `).join(''));
    expect(server.actions('chat').map((c) => c.requestId)).toEqual(['req-1', 'req-1']);
    expect(server.streams.size).toBe(1);
  });

  it('resume_byStreamIdFromAnotherClient_replaysFromTheStart', async () => {
    server.defaults = { chunks: 20, intervalMs: 5 };
    const first = client.stream({ message: 'x' });
    await waitFor(() => first.lastSeq >= 3);
    const other = createChatClient({ wsUrl: server.wsUrl, token: server.token, transport: 'ws', webSocketImpl: WebSocket });
    try {
      const second = other.resume({ streamId: first.streamId!, lastSeq: -1 });
      expect(await second.text()).toBe(Array.from({ length: 20 }, (_, i) => `w${i} `).join(''));
    } finally {
      other.close();
    }
  });

  it('serverUnreachableForGood_failsOpenStreamsAsIncomplete', async () => {
    server.defaults = { chunks: 1000, intervalMs: 5 };
    const stream = client.stream({ message: 'x' });
    await waitFor(() => stream.lastSeq >= 2);
    server.refuseWebSocket = true;
    server.dropAll();
    const err = await stream.text().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompleteStreamError);
    expect((err as IncompleteStreamError).lastSeq).toBeGreaterThanOrEqual(2);
    expect(connectionEvents.some((e) => e.type === 'gave-up')).toBe(true);
  });

  it('badToken_failsWithRetryableConnectError', async () => {
    const bad = createChatClient({ wsUrl: server.wsUrl, token: 'wrong', transport: 'ws', webSocketImpl: WebSocket });
    try {
      await expect(bad.stream({ message: 'x' }).text()).rejects.toMatchObject({ code: 'connect_failed', retryable: true });
    } finally {
      bad.close();
    }
  });

  it('close_endsOpenStreamsAsIncomplete', async () => {
    server.defaults = { chunks: 1000, intervalMs: 5 };
    const stream = client.stream({ message: 'x' });
    await waitFor(() => stream.lastSeq >= 1);
    client.close();
    await expect(stream.text()).rejects.toBeInstanceOf(IncompleteStreamError);
  });
});
