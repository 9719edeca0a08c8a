import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createChatClient, IncompleteStreamError } from '../src/index.js';
import type { ChatClient, ConnectionEvent } from '../src/index.js';
import { FakeWebSocket } from './support/fake-socket.js';

let client: ChatClient;
let events: ConnectionEvent[];
let ids = 0;

function make(extra: Partial<Parameters<typeof createChatClient>[0]> = {}): ChatClient {
  events = [];
  client = createChatClient({
    wsUrl: 'wss://example.test/prod',
    token: 'jwt.a.b',
    transport: 'ws',
    webSocketImpl: FakeWebSocket,
    random: () => 0.5,
    newRequestId: () => `r${++ids}`,
    onConnectionEvent: (e) => events.push(e),
    ...extra,
  });
  return client;
}

/** Lets promise callbacks run without moving the fake clock. */
const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.reset();
  ids = 0;
});

afterEach(() => {
  client?.close();
  vi.useRealTimers();
});

describe('WsChannel with a fake socket and a fake clock', () => {
  it('stream_waitsForOpenBeforeSendingChat', async () => {
    make();
    client.stream({ message: 'x' });
    await flush();
    const ws = FakeWebSocket.last();
    expect(ws.url).toBe('wss://example.test/prod?token=jwt.a.b');
    expect(ws.sent).toEqual([]);
    ws.open();
    await flush();
    expect(ws.sent).toEqual([{ action: 'chat', requestId: 'r1', message: 'x' }]);
  });

  it('subprotocolAuth_sendsTokenInSecWebSocketProtocol', async () => {
    make({ wsAuth: 'subprotocol' });
    client.stream({ message: 'x' });
    await flush();
    expect(FakeWebSocket.last().url).toBe('wss://example.test/prod');
    expect(FakeWebSocket.last().protocols).toEqual(['streamgate.v1', 'bearer.jwt.a.b']);
  });

  it('openConnection_sendsAppLevelPingWellInsideTheIdleTimeout', async () => {
    make();
    client.stream({ message: 'x' });
    await flush();
    const ws = FakeWebSocket.last();
    ws.open();
    await flush();
    vi.advanceTimersByTime(4 * 60_000);
    expect(ws.actions('ping')).toHaveLength(1);
    ws.receive({ type: 'pong' });
    vi.advanceTimersByTime(4 * 60_000);
    expect(ws.actions('ping')).toHaveLength(2);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('pingWithNoAnswer_treatsTheSocketAsDeadAndReconnects', async () => {
    make({ stallTimeoutMs: 0 });
    client.stream({ message: 'x' });
    await flush();
    const ws = FakeWebSocket.last();
    ws.open();
    await flush();
    ws.receive({ type: 'accepted', requestId: 'r1', streamId: 's1' });
    vi.advanceTimersByTime(4 * 60_000 + 20_000);
    expect(ws.closedWith).toBe(4001);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('dropWithOpenStreams_reconnectsWithExponentialBackoffAndJitter', async () => {
    make({ reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 6 } });
    client.stream({ message: 'x' });
    await flush();
    FakeWebSocket.last().open();
    await flush();
    FakeWebSocket.last().receive({ type: 'accepted', requestId: 'r1', streamId: 's1' });
    FakeWebSocket.last().drop();
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(2_000);
      await flush();
      FakeWebSocket.last().drop();
    }
    await flush();
    const delays = events.flatMap((e) => (e.type === 'reconnect-scheduled' ? [e.delayMs] : []));
    // random() = 0.5 of a cap doubling from 100 ms up to 1 s.
    expect(delays).toEqual([50, 100, 200, 400, 500, 500]);
  });

  it('reconnectAttemptsExhausted_failsTheStreamAsIncomplete', async () => {
    make({ reconnect: { initialDelayMs: 10, maxDelayMs: 10, maxAttempts: 2 } });
    const stream = client.stream({ message: 'x' });
    await flush();
    FakeWebSocket.last().open();
    await flush();
    FakeWebSocket.last().receive({ type: 'accepted', requestId: 'r1', streamId: 's1' });
    FakeWebSocket.last().receive({ type: 'chunk', streamId: 's1', seq: 0, text: 'a' });
    const result = stream.text().catch((e: unknown) => e);
    FakeWebSocket.last().drop();
    for (let i = 0; i < 2; i++) {
      await vi.advanceTimersByTimeAsync(50);
      FakeWebSocket.last().drop();
    }
    await vi.advanceTimersByTimeAsync(50);
    const err = await result;
    expect(err).toBeInstanceOf(IncompleteStreamError);
    expect(err).toMatchObject({ lastSeq: 0, streamId: 's1' });
  });

  it('reconnect_resumesOpenStreamsOneAtATime', async () => {
    make({ resumeSettleMs: 5_000 });
    const a = client.stream({ message: 'a' });
    const b = client.stream({ message: 'b' });
    await flush();
    const first = FakeWebSocket.last();
    first.open();
    await flush();
    first.receive({ type: 'accepted', requestId: 'r1', streamId: 'sa' });
    first.receive({ type: 'accepted', requestId: 'r2', streamId: 'sb' });
    first.receive({ type: 'chunk', streamId: 'sa', seq: 0, text: 'A0' });
    first.receive({ type: 'chunk', streamId: 'sb', seq: 0, text: 'B0' });
    first.receive({ type: 'chunk', streamId: 'sb', seq: 1, text: 'B1' });
    first.drop();
    await vi.advanceTimersByTimeAsync(1_000);
    const second = FakeWebSocket.last();
    expect(second).not.toBe(first);
    second.open();
    await flush();
    expect(second.actions('resume')).toEqual([{ action: 'resume', streamId: 'sa', lastSeq: 0 }]);
    second.receive({ type: 'chunk', streamId: 'sa', seq: 1, text: 'A1' });
    expect(second.actions('resume')).toEqual([
      { action: 'resume', streamId: 'sa', lastSeq: 0 },
      { action: 'resume', streamId: 'sb', lastSeq: 1 },
    ]);
    second.receive({ type: 'chunk', streamId: 'sb', seq: 1, text: 'B1' }); // duplicate
    second.receive({ type: 'chunk', streamId: 'sb', seq: 2, text: 'B2' });
    second.receive({ type: 'done', streamId: 'sa', seq: 2, reason: 'complete' });
    second.receive({ type: 'done', streamId: 'sb', seq: 3, reason: 'complete' });
    expect(await a.text()).toBe('A0A1');
    expect(await b.text()).toBe('B0B1B2');
  });

  it('resumeWithNoAnswer_sendsTheNextAfterTheSettleTime', async () => {
    make({ resumeSettleMs: 3_000 });
    client.stream({ message: 'a' });
    client.stream({ message: 'b' });
    await flush();
    const first = FakeWebSocket.last();
    first.open();
    await flush();
    first.receive({ type: 'accepted', requestId: 'r1', streamId: 'sa' });
    first.receive({ type: 'accepted', requestId: 'r2', streamId: 'sb' });
    first.drop();
    await vi.advanceTimersByTimeAsync(1_000);
    FakeWebSocket.last().open();
    await flush();
    expect(FakeWebSocket.last().actions('resume')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(FakeWebSocket.last().actions('resume')).toHaveLength(2);
  });

  it('connectionAge_replacesTheSocketBeforeTheTwoHourLimitAndResumes', async () => {
    make({ maxConnectionAgeMs: 110 * 60_000, pingIntervalMs: 4 * 60_000, stallTimeoutMs: 0 });
    const stream = client.stream({ message: 'x' });
    await flush();
    const old = FakeWebSocket.last();
    old.open();
    await flush();
    old.receive({ type: 'accepted', requestId: 'r1', streamId: 's1' });
    old.receive({ type: 'chunk', streamId: 's1', seq: 0, text: 'a' });
    // Keep answering pings so the idle check never fires.
    for (let t = 0; t < 27; t++) {
      await vi.advanceTimersByTimeAsync(4 * 60_000);
      old.receive({ type: 'pong' });
    }
    expect(FakeWebSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    await flush();
    expect(events.some((e) => e.type === 'proactive-reconnect')).toBe(true);
    const fresh = FakeWebSocket.last();
    expect(fresh).not.toBe(old);
    expect(old.closedWith).toBeUndefined();
    fresh.open();
    await flush();
    expect(fresh.actions('resume')).toEqual([{ action: 'resume', streamId: 's1', lastSeq: 0 }]);
    fresh.receive({ type: 'chunk', streamId: 's1', seq: 1, text: 'b' });
    expect(old.closedWith).toBe(1000);
    fresh.receive({ type: 'done', streamId: 's1', seq: 2, reason: 'complete' });
    expect(await stream.text()).toBe('ab');
    expect(client.stats.drops).toBe(0);
  });

  it('idleConnectionAtAgeLimit_closesQuietlyAndReopensOnNextRequest', async () => {
    make({ maxConnectionAgeMs: 60_000, pingIntervalMs: 30_000 });
    const s = client.stream({ message: 'x' });
    await flush();
    FakeWebSocket.last().open();
    await flush();
    FakeWebSocket.last().receive({ type: 'accepted', requestId: 'r1', streamId: 's1' });
    FakeWebSocket.last().receive({ type: 'done', streamId: 's1', seq: 0, reason: 'complete' });
    await s.text();
    await vi.advanceTimersByTimeAsync(30_000);
    FakeWebSocket.last().receive({ type: 'pong' });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(FakeWebSocket.last().closedWith).toBe(1000);
    client.stream({ message: 'y' });
    await flush();
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('dropWithNoOpenStream_doesNotReconnectUntilNeeded', async () => {
    make();
    const s = client.stream({ message: 'x' });
    await flush();
    FakeWebSocket.last().open();
    await flush();
    FakeWebSocket.last().receive({ type: 'accepted', requestId: 'r1', streamId: 's1' });
    FakeWebSocket.last().receive({ type: 'done', streamId: 's1', seq: 0, reason: 'complete' });
    await s.text();
    FakeWebSocket.last().drop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('unrecognizedFrame_isReportedNotRouted', async () => {
    make();
    const s = client.stream({ message: 'x' });
    await flush();
    FakeWebSocket.last().open();
    await flush();
    FakeWebSocket.last().receive({ message: 'Endpoint request timed out', connectionId: 'c', requestId: 'aws' });
    expect(events.some((e) => e.type === 'unrecognized-frame')).toBe(true);
    expect(s.finished).toBe(false);
  });

  it('errorWithRequestId_failsThatStreamOnly', async () => {
    make();
    const a = client.stream({ message: 'a' });
    const b = client.stream({ message: 'b' });
    await flush();
    FakeWebSocket.last().open();
    await flush();
    FakeWebSocket.last().receive({ type: 'error', code: 'message_too_large', message: 'too big', retryable: false, requestId: 'r2' });
    await expect(b.text()).rejects.toMatchObject({ code: 'message_too_large', requestId: 'r2' });
    expect(a.finished).toBe(false);
  });

  it('chatWithNoAccepted_failsWithRetryableTimeout', async () => {
    make({ acceptTimeoutMs: 35_000 });
    const s = client.stream({ message: 'x' });
    await flush();
    FakeWebSocket.last().open();
    await flush();
    // API Gateway's own answer when $default times out: not an event, so the timer decides.
    FakeWebSocket.last().receive({ message: 'Endpoint request timed out', connectionId: 'c', requestId: 'aws' });
    const result = s.text().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(35_000);
    expect(await result).toMatchObject({ code: 'timeout', retryable: true, requestId: 'r1' });
  });

  it('acceptedInTime_clearsTheTimeout', async () => {
    make({ acceptTimeoutMs: 1_000 });
    const s = client.stream({ message: 'x' });
    await flush();
    FakeWebSocket.last().open();
    await flush();
    FakeWebSocket.last().receive({ type: 'accepted', requestId: 'r1', streamId: 's1' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(s.finished).toBe(false);
  });

  it('retryableResumeRefusal_isRetriedThenANonRetryableOneFailsTheStream', async () => {
    make({ reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 5 } });
    const s = client.resume({ streamId: 's1', lastSeq: 4 });
    await flush();
    const ws = FakeWebSocket.last();
    ws.open();
    await flush();
    expect(ws.actions('resume')).toEqual([{ action: 'resume', streamId: 's1', lastSeq: 4 }]);
    ws.receive({ type: 'error', code: 'unavailable', message: 'busy', retryable: true, streamId: 's1' });
    expect(s.finished).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ws.actions('resume')).toHaveLength(2);
    ws.receive({ type: 'error', code: 'forbidden', message: 'not yours', retryable: false, streamId: 's1' });
    await expect(s.text()).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('silentStream_getsOneResumeThenFailsAsIncomplete', async () => {
    make({ stallTimeoutMs: 45_000 });
    const s = client.stream({ message: 'x' });
    await flush();
    const ws = FakeWebSocket.last();
    ws.open();
    await flush();
    ws.receive({ type: 'accepted', requestId: 'r1', streamId: 's1' });
    ws.receive({ type: 'chunk', streamId: 's1', seq: 0, text: 'a' });
    const result = s.text().catch((e: unknown) => e);
    // Heartbeats keep a slow stream alive.
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(15_000);
      ws.receive({ type: 'heartbeat', streamId: 's1' });
    }
    expect(ws.actions('resume')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ws.actions('resume')).toEqual([{ action: 'resume', streamId: 's1', lastSeq: 0 }]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toMatchObject({ code: 'incomplete_stream', lastSeq: 0, streamId: 's1' });
  });

  it('silentStreamThatAnswersTheResume_goesOn', async () => {
    make({ stallTimeoutMs: 45_000 });
    const s = client.stream({ message: 'x' });
    await flush();
    const ws = FakeWebSocket.last();
    ws.open();
    await flush();
    ws.receive({ type: 'accepted', requestId: 'r1', streamId: 's1' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ws.actions('resume')).toHaveLength(1);
    ws.receive({ type: 'chunk', streamId: 's1', seq: 0, text: 'a' });
    await vi.advanceTimersByTimeAsync(30_000);
    ws.receive({ type: 'done', streamId: 's1', seq: 1, reason: 'complete' });
    expect(await s.text()).toBe('a');
  });

  it('browserBackOnline_reconnectsWithoutWaitingOutTheBackoff', async () => {
    const target = new EventTarget();
    const g = globalThis as unknown as { addEventListener?: unknown; removeEventListener?: unknown };
    g.addEventListener = target.addEventListener.bind(target);
    g.removeEventListener = target.removeEventListener.bind(target);
    try {
      make({ reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000, maxAttempts: 3 }, random: () => 1 });
      client.stream({ message: 'x' });
      await flush();
      FakeWebSocket.last().open();
      await flush();
      FakeWebSocket.last().receive({ type: 'accepted', requestId: 'r1', streamId: 's1' });
      FakeWebSocket.last().drop();
      expect(FakeWebSocket.instances).toHaveLength(1);
      target.dispatchEvent(new Event('online'));
      await flush();
      expect(FakeWebSocket.instances).toHaveLength(2);
    } finally {
      client.close();
      delete g.addEventListener;
      delete g.removeEventListener;
    }
  });
});
