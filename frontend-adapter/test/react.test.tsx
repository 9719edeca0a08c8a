// @vitest-environment happy-dom
import { createElement, useEffect } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createChatClient } from '../src/index.js';
import type { ChatClient } from '../src/index.js';
import { useChatStream } from '../src/react.js';
import type { ChatStreamState } from '../src/react.js';
import { ProtocolServer } from './support/protocol-server.js';
import { waitFor } from './support/wait.js';

// Updates arrive from real sockets, outside act(): let React schedule them as in a browser.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

let server: ProtocolServer;
let client: ChatClient;
let root: Root;
let latest: ChatStreamState;
const seen: ChatStreamState[] = [];

function Probe({ c }: { c: ChatClient }): null {
  const state = useChatStream(c);
  useEffect(() => {
    latest = state;
    seen.push(state);
  });
  return null;
}

beforeEach(async () => {
  server = await new ProtocolServer().start();
  client = createChatClient({ wsUrl: server.wsUrl, token: server.token, transport: 'ws', webSocketImpl: WebSocket });
  seen.length = 0;
  root = createRoot(document.createElement('div'));
  latest = undefined as unknown as ChatStreamState;
  root.render(createElement(Probe, { c: client }));
  await waitFor(() => latest !== undefined);
});

afterEach(async () => {
  root.unmount();
  client.close();
  await server.stop();
});

/** Waits (real time, polling) for the hook's rendered state to satisfy `check`. */
async function until(check: (s: ChatStreamState) => boolean): Promise<void> {
  await waitFor(() => check(latest));
}

describe('useChatStream', () => {
  it('send_streamsTextIntoStateUntilDone', async () => {
    expect(latest.status).toBe('idle');
    latest.send('hello');
    await until((s) => s.status === 'done');
    expect(latest.text).toBe('w0 w1 w2 w3 w4 ');
    expect(latest.lastSeq).toBe(4);
    expect(latest.transport).toBe('ws');
    expect(latest.streamId).toBe('s-1');
    expect(latest.done?.reason).toBe('complete');
    expect(seen.some((s) => s.status === 'streaming' && s.text.length > 0 && s.text.length < 15)).toBe(true);
  });

  it('cancel_sendsCancelAndSetsStatusCancelled', async () => {
    server.defaults = { chunks: 1000, intervalMs: 5 };
    latest.send('long');
    await until((s) => s.lastSeq >= 2);
    latest.cancel();
    await until((s) => s.status === 'cancelled');
    await waitFor(() => server.actions('cancel').length === 1);
    expect(latest.error?.code).toBe('aborted');
  });

  it('unmount_cancelsTheRunningStream', async () => {
    server.defaults = { chunks: 1000, intervalMs: 5 };
    latest.send('long');
    await until((s) => s.lastSeq >= 1);
    root.unmount();
    await waitFor(() => server.actions('cancel').length === 1);
    root = createRoot(document.createElement('div'));
  });

  it('connectFailure_setsStatusErrorWithTypedError', async () => {
    const bad = createChatClient({ wsUrl: server.wsUrl, token: 'wrong', transport: 'ws', webSocketImpl: WebSocket });
    root.unmount();
    root = createRoot(document.createElement('div'));
    latest = undefined as unknown as ChatStreamState;
    root.render(createElement(Probe, { c: bad }));
    await waitFor(() => latest !== undefined);
    latest.send('x');
    await until((s) => s.status === 'error');
    expect(latest.error?.code).toBe('connect_failed');
    bad.close();
  });
});
