import { IncompleteStreamError, StreamAbortedError, StreamgateError } from './errors.js';
import type { ChatAction, DoneEvent, StreamEvent } from './protocol.js';

/** Which way a stream's events currently arrive. */
export type TransportKind = 'ws' | 'sse';

/** What a finished stream produced. */
export interface StreamResult {
  streamId: string;
  text: string;
  done: DoneEvent;
}

/**
 * One chat answer in flight. Iterate it (`for await`) for the protocol events in order, or use the
 * helpers: `text()`, `result()`, `onText()`. A server `error` or a stream that ends without `done`
 * makes iteration throw (and `text()` reject) with a {@link StreamgateError}.
 * Leaving a `for await` loop early cancels the stream.
 */
export interface ChatStream extends AsyncIterable<StreamEvent> {
  /** The client's idempotency key for this request. */
  readonly requestId: string;
  /** Known once `accepted` arrived (or from the start for a resumed stream). */
  readonly streamId: string | undefined;
  /** The last chunk `seq` delivered (-1 before the first). */
  readonly lastSeq: number;
  /** `ws` or `sse`; undefined while `auto` is still choosing; changes from `sse` to `ws` on `handoff`. */
  readonly transport: TransportKind | undefined;
  /** True once the stream ended (done, error, abort or incomplete). */
  readonly finished: boolean;
  /** Resolves with the whole text on `done`. */
  text(): Promise<string>;
  /** Resolves with text, stream id and the `done` event. */
  result(): Promise<StreamResult>;
  /** The text received so far. */
  currentText(): string;
  /** Calls `listener(delta, fullText)` for every new chunk; returns an unsubscribe function. */
  onText(listener: (delta: string, fullText: string) => void): () => void;
  /** Calls `listener` for every delivered event; returns an unsubscribe function. */
  onEvent(listener: (event: StreamEvent) => void): () => void;
  /** Sends `cancel` for the stream and ends it with a {@link StreamAbortedError}. */
  cancel(): void;
}

function report(e: unknown): void {
  // A listener's bug must not break delivery to the others; surface it the way a DOM event would.
  queueMicrotask(() => {
    throw e;
  });
}

/**
 * The adapter's side of a {@link ChatStream}: transports call `deliver` and `fail`; duplicates (a
 * chunk whose seq was already delivered, a second `accepted`) are dropped here, in one place.
 * @internal
 */
export class StreamState implements ChatStream {
  streamId: string | undefined;
  lastSeq = -1;
  transport: TransportKind | undefined;
  finished = false;
  duplicatesDropped = 0;
  /** Set by the transport that currently carries the stream: how to send `cancel`. */
  canceller: () => void = () => {};
  private readonly textParts: string[] = [];
  private fullText = '';
  private readonly queue: StreamEvent[] = [];
  private waiter: (() => void) | undefined;
  private failure: StreamgateError | undefined;
  private readonly textListeners = new Set<(delta: string, full: string) => void>();
  private readonly eventListeners = new Set<(e: StreamEvent) => void>();
  private readonly finishListeners = new Set<() => void>();
  private readonly resultPromise: Promise<StreamResult>;
  private resolveResult!: (r: StreamResult) => void;
  private rejectResult!: (e: StreamgateError) => void;

  constructor(
    readonly action: ChatAction | undefined,
    readonly requestId: string,
    signal?: AbortSignal,
  ) {
    this.resultPromise = new Promise<StreamResult>((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    // Callers that only iterate never look at this promise: keep Node from calling it unhandled.
    this.resultPromise.catch(() => {});
    if (signal) {
      if (signal.aborted) queueMicrotask(() => this.cancel(signal.reason));
      else signal.addEventListener('abort', () => this.cancel(signal.reason), { once: true });
    }
  }

  /** Hands one event to the consumer; returns false when it was a duplicate or came after the end. */
  deliver(e: StreamEvent): boolean {
    if (this.finished) return false;
    switch (e.type) {
      case 'accepted':
        if (this.streamId !== undefined) {
          this.duplicatesDropped++;
          return false;
        }
        this.streamId = e.streamId;
        break;
      case 'chunk':
        if (e.seq <= this.lastSeq) {
          this.duplicatesDropped++;
          return false;
        }
        this.lastSeq = e.seq;
        this.textParts.push(e.text);
        this.fullText = '';
        break;
      case 'done':
        this.streamId ??= e.streamId;
        break;
      default:
        this.streamId ??= e.streamId;
    }
    this.queue.push(e);
    if (e.type === 'chunk' && this.textListeners.size > 0) {
      const full = this.text_();
      for (const l of [...this.textListeners]) {
        try {
          l(e.text, full);
        } catch (err) {
          report(err);
        }
      }
    }
    for (const l of [...this.eventListeners]) {
      try {
        l(e);
      } catch (err) {
        report(err);
      }
    }
    if (e.type === 'done') {
      this.end();
      this.resolveResult({ streamId: e.streamId, text: this.text_(), done: e });
    }
    this.wake();
    return true;
  }

  /** Ends the stream with an error (idempotent: the first end wins). */
  fail(error: StreamgateError): void {
    if (this.finished) return;
    this.failure = error;
    this.end();
    this.rejectResult(error);
    this.wake();
  }

  /** Ends the stream as incomplete: the transport gave up before `done`. */
  failIncomplete(message: string, cause?: unknown): void {
    this.fail(new IncompleteStreamError(message, { streamId: this.streamId, requestId: this.requestId, lastSeq: this.lastSeq, cause }));
  }

  cancel(reason?: unknown): void {
    if (this.finished) return;
    try {
      this.canceller();
    } finally {
      this.fail(new StreamAbortedError({ streamId: this.streamId, requestId: this.requestId, cause: reason }));
    }
  }

  /** Runs `listener` once when the stream ends, however it ends. */
  onFinish(listener: () => void): void {
    if (this.finished) listener();
    else this.finishListeners.add(listener);
  }

  text(): Promise<string> {
    return this.resultPromise.then((r) => r.text);
  }

  result(): Promise<StreamResult> {
    return this.resultPromise;
  }

  onText(listener: (delta: string, fullText: string) => void): () => void {
    this.textListeners.add(listener);
    return () => this.textListeners.delete(listener);
  }

  onEvent(listener: (event: StreamEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** The text received so far. */
  currentText(): string {
    return this.text_();
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    return {
      next: async (): Promise<IteratorResult<StreamEvent>> => {
        for (;;) {
          const e = this.queue.shift();
          if (e !== undefined) return { value: e, done: false };
          if (this.finished) {
            if (this.failure) throw this.failure;
            return { value: undefined, done: true };
          }
          await new Promise<void>((resolve) => (this.waiter = resolve));
        }
      },
      return: async (): Promise<IteratorResult<StreamEvent>> => {
        if (!this.finished) this.cancel();
        return { value: undefined, done: true };
      },
    };
  }

  private text_(): string {
    if (this.fullText.length === 0 && this.textParts.length > 0) {
      this.fullText = this.textParts.join('');
      this.textParts.length = 0;
      this.textParts.push(this.fullText);
    }
    return this.fullText;
  }

  private end(): void {
    this.finished = true;
    for (const l of [...this.finishListeners]) {
      try {
        l();
      } catch (err) {
        report(err);
      }
    }
    this.finishListeners.clear();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}
