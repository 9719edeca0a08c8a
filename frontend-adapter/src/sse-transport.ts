import { HttpError, StreamgateError } from './errors.js';
import { MalformedEventError, parseServerEvent, sseRequestBody } from './protocol.js';
import type { HandoffEvent, ServerEvent } from './protocol.js';
import { createSseParser } from './sse-parser.js';
import type { StreamState } from './stream.js';

/** What the SSE transport needs from the client. */
export interface SseSettings {
  url: string;
  getToken: () => Promise<string | undefined>;
  fetch: typeof fetch;
  /** Continues a stream over WebSocket after `handoff`; undefined when no wsUrl is configured. */
  continueOverWs: ((stream: StreamState, handoff: HandoffEvent) => void) | undefined;
  /** Sends `cancel` over WebSocket for an aborted SSE stream (closing the response is not a cancel). */
  cancelOverWs: ((streamId: string) => void) | undefined;
  /** No bytes at all (not even a comment heartbeat) this long: the response is given up as incomplete. 0 = off. */
  stallTimeoutMs: number;
}

async function httpError(res: Response, requestId: string): Promise<HttpError> {
  let body = '';
  try {
    body = await res.text();
  } catch {
    /* keep the status */
  }
  try {
    const o = JSON.parse(body) as Record<string, unknown>;
    if (typeof o.code === 'string' && typeof o.message === 'string') {
      return new HttpError(res.status, o.code, o.message, o.retryable === true, requestId);
    }
  } catch {
    /* not a protocol error body */
  }
  return new HttpError(
    res.status,
    'http_error',
    `SSE request failed with HTTP ${res.status}${body ? `: ${body.slice(0, 200)}` : ''}`,
    res.status === 429 || res.status >= 500,
    requestId,
  );
}

/**
 * Runs one stream over `POST sseUrl`. The POST is never retried here: a failure ends the stream with a
 * typed error and the caller decides. On `handoff` the response is closed and the same stream continues
 * over WebSocket from its last seq.
 */
export function runSse(stream: StreamState, s: SseSettings): void {
  const http = new AbortController();
  stream.transport = 'sse';
  stream.canceller = () => {
    http.abort();
    if (stream.streamId !== undefined) s.cancelOverWs?.(stream.streamId);
  };
  void (async () => {
    let res: Response;
    try {
      const token = await s.getToken();
      const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'text/event-stream' };
      if (token !== undefined) headers.Authorization = `Bearer ${token}`;
      res = await s.fetch(s.url, { method: 'POST', headers, body: sseRequestBody(stream.action!), signal: http.signal });
    } catch (err) {
      if (!stream.finished) {
        stream.fail(new StreamgateError('connect_failed', `SSE request to ${s.url} failed: ${String(err)}`, { retryable: true, requestId: stream.requestId, cause: err }));
      }
      return;
    }
    if (!res.ok || !res.body) {
      stream.fail(res.ok ? new StreamgateError('protocol_error', 'SSE response has no body', { requestId: stream.requestId }) : await httpError(res, stream.requestId));
      return;
    }
    const reader = res.body.getReader();
    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    const armStall = (): void => {
      if (s.stallTimeoutMs <= 0) return;
      if (stallTimer) clearTimeout(stallTimer);
      stallTimer = setTimeout(() => {
        stream.failIncomplete(`the SSE response sent nothing for ${s.stallTimeoutMs} ms`);
        http.abort();
      }, s.stallTimeoutMs);
    };
    armStall();
    const decoder = new TextDecoder();
    let stop = false;
    let handoff: HandoffEvent | undefined;
    const parser = createSseParser({
      onEvent: (m) => {
        if (stop) return;
        let event: ServerEvent;
        try {
          event = parseServerEvent(m.data);
        } catch (err) {
          stop = true;
          stream.fail(new StreamgateError('protocol_error', `bad SSE event: ${err instanceof MalformedEventError ? err.message : String(err)}`, { requestId: stream.requestId, streamId: stream.streamId }));
          return;
        }
        switch (event.type) {
          case 'pong':
            return;
          case 'error':
            stop = true;
            stream.fail(new StreamgateError(event.code, event.message, { retryable: event.retryable, streamId: event.streamId ?? stream.streamId, requestId: event.requestId ?? stream.requestId }));
            return;
          case 'handoff':
            stop = true;
            handoff = event;
            stream.deliver(event);
            return;
          default:
            stream.deliver(event);
            if (stream.finished) stop = true;
        }
      },
    });
    try {
      while (!stop) {
        const { done, value } = await reader.read();
        if (done) break;
        armStall();
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch (err) {
      if (!stream.finished && !stop) stream.failIncomplete('the SSE response broke off before done', err);
      return;
    } finally {
      if (stallTimer) clearTimeout(stallTimer);
      if (stop) void reader.cancel().catch(() => {});
    }
    if (handoff) {
      if (!s.continueOverWs) {
        stream.failIncomplete('the server handed the stream off to WebSocket, but no wsUrl is configured');
      } else {
        s.continueOverWs(stream, handoff);
      }
      return;
    }
    if (!stream.finished) stream.failIncomplete('the SSE response ended without done');
  })();
}
