/**
 * The demo page: a chat box on the adapter showing the transport in use, seq, reconnects and timing,
 * with buttons that drop the WebSocket and ask the demo engine for a 45-second answer.
 * Reads `config.json` next to index.html: `{ wsUrl, sseUrl, token, transport? }`.
 */
import { createChatClient, StreamgateError } from '../../src/index.js';
import type { ChatClient, ChatOptions, ChatStream, ConnectionEvent } from '../../src/index.js';

interface DemoConfig {
  wsUrl?: string;
  sseUrl?: string;
  token?: string;
  transport?: 'auto' | 'ws' | 'sse';
}

/** What browser tests read (window.streamgateDemo). */
interface DemoState {
  ready: boolean;
  status: 'idle' | 'streaming' | 'done' | 'error' | 'cancelled';
  transport: string | undefined;
  streamId: string | undefined;
  text: string;
  seqs: number[];
  gaps: number;
  reconnects: number;
  resumes: number;
  error: string | undefined;
  log: string[];
}

/** The demo engine's knobs (see the core's DemoEngine): 450 tokens at 10 per second take 45 s. */
const LONG_ANSWER: ChatOptions = { tokens: 450, tokensPerSecond: 10, firstTokenDelayMs: 200 };

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const state: DemoState = {
  ready: false,
  status: 'idle',
  transport: undefined,
  streamId: undefined,
  text: '',
  seqs: [],
  gaps: 0,
  reconnects: 0,
  resumes: 0,
  error: undefined,
  log: [],
};
(window as unknown as { streamgateDemo: DemoState }).streamgateDemo = state;

let client: ChatClient | undefined;
let current: { stream: ChatStream; controller: AbortController } | undefined;
let startedAt = 0;
let ticker: ReturnType<typeof setInterval> | undefined;

function log(line: string): void {
  const stamp = new Date().toISOString().slice(11, 23);
  state.log.push(`${stamp} ${line}`);
  const li = document.createElement('li');
  li.textContent = `${stamp} ${line}`;
  const list = $('log');
  list.prepend(li);
  while (list.childElementCount > 60) list.lastElementChild?.remove();
}

function describe(e: ConnectionEvent): string {
  switch (e.type) {
    case 'closed':
      return `socket closed (code ${e.code})${e.willReconnect ? ', reconnecting' : ''}`;
    case 'reconnect-scheduled':
      return `reconnect attempt ${e.attempt} in ${e.delayMs} ms`;
    case 'open':
      return e.reconnect ? 'socket reopened' : 'socket open';
    case 'resume':
      return `resume ${e.streamId} after seq ${e.lastSeq}`;
    case 'fallback':
      return `WebSocket unavailable, using SSE (${e.reason})`;
    case 'gave-up':
      return `gave up: ${e.error.message}`;
    case 'connecting':
      return `connecting (attempt ${e.attempt})`;
    case 'proactive-reconnect':
      return 'replacing the socket before the 2-hour limit';
    case 'unrecognized-frame':
      return `ignored frame: ${e.reason}`;
  }
}

function render(): void {
  const stream = current?.stream;
  $('st-status').textContent = state.status;
  $('st-transport').textContent = stream?.transport ?? '–';
  $('st-stream').textContent = stream?.streamId ?? '–';
  $('st-seq').textContent = stream && stream.lastSeq >= 0 ? String(stream.lastSeq) : '–';
  $('st-chunks').textContent = String(state.seqs.length);
  $('st-gaps').textContent = String(state.gaps);
  $('st-reconnects').textContent = String(state.reconnects);
  $('st-resumes').textContent = String(state.resumes);
  $('st-elapsed').textContent = startedAt ? `${((performance.now() - startedAt) / 1000).toFixed(1)} s` : '–';
  $('answer').textContent = state.text;
  $('error').textContent = state.error ?? '';
  const answer = $('answer');
  answer.scrollTop = answer.scrollHeight;
}

function send(message: string, options?: ChatOptions): void {
  if (!client) return;
  current?.controller.abort();
  const controller = new AbortController();
  const transport = ($('transport') as HTMLSelectElement).value as 'auto' | 'ws' | 'sse';
  Object.assign(state, { status: 'streaming', text: '', seqs: [], gaps: 0, error: undefined, streamId: undefined, transport: undefined });
  $('st-accepted').textContent = '–';
  $('st-first').textContent = '–';
  startedAt = performance.now();
  const stream = client.stream({ message, signal: controller.signal, transport, ...(options ? { options } : {}) });
  const mine = { stream, controller };
  current = mine;
  stream.onEvent((e) => {
    if (current !== mine) return;
    const ms = `${Math.round(performance.now() - startedAt)} ms`;
    if (e.type === 'accepted') {
      $('st-accepted').textContent = ms;
      log(`accepted ${e.streamId} over ${stream.transport}`);
    } else if (e.type === 'chunk') {
      if (state.seqs.length === 0) $('st-first').textContent = ms;
      const expected = state.seqs.length === 0 ? 0 : state.seqs[state.seqs.length - 1]! + 1;
      if (e.seq !== expected) {
        state.gaps++;
        log(`gap: expected seq ${expected}, got ${e.seq}`);
      }
      state.seqs.push(e.seq);
      state.text = stream.currentText();
    } else if (e.type === 'handoff') {
      log(`handoff after seq ${e.lastSeq}: continuing over WebSocket`);
    } else if (e.type === 'done') {
      log(`done (${e.reason}) seq ${e.seq}`);
    }
    state.streamId = stream.streamId;
    state.transport = stream.transport;
    render();
  });
  stream.result().then(
    () => {
      if (current !== mine) return;
      state.status = 'done';
      render();
    },
    (err: unknown) => {
      if (current !== mine) return;
      const e = err instanceof StreamgateError ? err : undefined;
      state.status = e?.code === 'aborted' ? 'cancelled' : 'error';
      state.error = e ? `${e.code}: ${e.message}` : String(err);
      log(`ended: ${state.error}`);
      render();
    },
  );
  render();
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  let config: DemoConfig;
  try {
    const res = await fetch('config.json', { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    config = (await res.json()) as DemoConfig;
  } catch (err) {
    $('config-status').textContent = `config.json could not be read (${String(err)}): the launcher writes it next to index.html`;
    return;
  }
  const transport = (params.get('transport') ?? config.transport ?? 'auto') as 'auto' | 'ws' | 'sse';
  ($('transport') as HTMLSelectElement).value = transport;
  client = createChatClient({
    ...(config.wsUrl ? { wsUrl: config.wsUrl } : {}),
    ...(config.sseUrl ? { sseUrl: config.sseUrl } : {}),
    ...(config.token ? { token: config.token } : {}),
    transport: 'auto',
    onConnectionEvent: (e) => {
      if (e.type === 'open' && e.reconnect) state.reconnects++;
      if (e.type === 'resume') state.resumes++;
      log(describe(e));
      render();
    },
  });
  $('config-status').textContent = `ws ${config.wsUrl ?? '–'} · sse ${config.sseUrl ?? '–'}`;
  $('chat-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    send(($('message') as HTMLTextAreaElement).value);
  });
  $('long').addEventListener('click', () => send(($('message') as HTMLTextAreaElement).value || 'A long answer, please.', LONG_ANSWER));
  $('drop').addEventListener('click', () => {
    log('dropping the WebSocket on purpose');
    client?.dropConnection();
  });
  $('cancel').addEventListener('click', () => current?.controller.abort());
  ticker ??= setInterval(() => state.status === 'streaming' && render(), 250);
  state.ready = true;
  render();
}

void main();
