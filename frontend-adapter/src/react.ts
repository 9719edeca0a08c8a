/**
 * `useChatStream`: a React hook over {@link ChatClient} that keeps the answer's text, status and
 * stream position in state, and cancels the running stream on `cancel()` or unmount.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatClient, StreamRequest } from './client.js';
import { StreamgateError } from './errors.js';
import type { DoneEvent } from './protocol.js';
import type { ChatStream, TransportKind } from './stream.js';

/** Where the hook's current answer stands. */
export type ChatStreamStatus = 'idle' | 'streaming' | 'done' | 'error' | 'cancelled';

/** What {@link useChatStream} returns. */
export interface ChatStreamState {
  status: ChatStreamStatus;
  /** The answer so far. */
  text: string;
  streamId: string | undefined;
  lastSeq: number;
  transport: TransportKind | undefined;
  done: DoneEvent | undefined;
  error: StreamgateError | undefined;
  /** Starts a new answer (cancelling one still running) and returns its stream. */
  send(message: string, request?: Omit<StreamRequest, 'message' | 'signal'>): ChatStream;
  /** Cancels the running answer (sends `cancel`). */
  cancel(): void;
  /** Back to `idle` with no text. */
  reset(): void;
}

/** Options of {@link useChatStream}. */
export interface UseChatStreamOptions {
  /** Cancel a running stream when the component unmounts (default true). */
  cancelOnUnmount?: boolean;
}

type Snapshot = Omit<ChatStreamState, 'send' | 'cancel' | 'reset'>;

const initial: Snapshot = {
  status: 'idle',
  text: '',
  streamId: undefined,
  lastSeq: -1,
  transport: undefined,
  done: undefined,
  error: undefined,
};

/** Streams one answer at a time from `client` into React state. */
export function useChatStream(client: ChatClient, options: UseChatStreamOptions = {}): ChatStreamState {
  const [snap, setSnap] = useState<Snapshot>(initial);
  const current = useRef<{ stream: ChatStream; controller: AbortController } | undefined>(undefined);
  const cancelOnUnmount = options.cancelOnUnmount ?? true;

  const cancel = useCallback(() => {
    current.current?.controller.abort();
  }, []);

  const send = useCallback(
    (message: string, request: Omit<StreamRequest, 'message' | 'signal'> = {}): ChatStream => {
      current.current?.controller.abort();
      const controller = new AbortController();
      const stream = client.stream({ ...request, message, signal: controller.signal });
      const mine = { stream, controller };
      current.current = mine;
      const update = (patch: Partial<Snapshot>): void => {
        if (current.current === mine) setSnap((s) => ({ ...s, ...patch }));
      };
      setSnap({ ...initial, status: 'streaming', transport: stream.transport });
      stream.onEvent((e) => {
        update({
          streamId: stream.streamId,
          lastSeq: stream.lastSeq,
          transport: stream.transport,
          ...(e.type === 'chunk' ? { text: stream.currentText() } : {}),
        });
      });
      stream.result().then(
        (r) => update({ status: 'done', done: r.done, text: r.text }),
        (err: unknown) => {
          // Duck-typed: the CommonJS builds of `.` and `./react` each carry their own error classes.
          const error = typeof (err as StreamgateError | undefined)?.code === 'string' ? (err as StreamgateError) : new StreamgateError('unknown', String(err));
          update({ status: error.code === 'aborted' ? 'cancelled' : 'error', error });
        },
      );
      return stream;
    },
    [client],
  );

  const reset = useCallback(() => {
    current.current?.controller.abort();
    current.current = undefined;
    setSnap(initial);
  }, []);

  useEffect(
    () => () => {
      if (cancelOnUnmount) current.current?.controller.abort();
    },
    [cancelOnUnmount],
  );

  return { ...snap, send, cancel, reset };
}
