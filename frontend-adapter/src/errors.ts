/**
 * Typed errors. Every failure a caller sees is a {@link StreamgateError} with a `code` (the server's
 * lower-snake-case code, or one of the adapter's own below) and `retryable`.
 */

/** Codes the adapter raises itself (server codes such as `invalid_json` pass through unchanged). */
export type AdapterErrorCode =
  | 'incomplete_stream'
  | 'aborted'
  | 'connect_failed'
  | 'http_error'
  | 'protocol_error'
  | 'configuration'
  | 'client_closed';

/** Base class of every adapter error. */
export class StreamgateError extends Error {
  override name = 'StreamgateError';
  readonly code: string;
  readonly retryable: boolean;
  readonly streamId: string | undefined;
  readonly requestId: string | undefined;

  constructor(
    code: string,
    message: string,
    opts: { retryable?: boolean; streamId?: string | undefined; requestId?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.streamId = opts.streamId;
    this.requestId = opts.requestId;
  }
}

/**
 * A stream ended without `done`: the answer is partial. `lastSeq` is the last chunk received, so a
 * caller can `client.resume({ streamId, lastSeq })` while the server still holds the stream.
 */
export class IncompleteStreamError extends StreamgateError {
  override name = 'IncompleteStreamError';
  readonly lastSeq: number;

  constructor(message: string, opts: { streamId?: string | undefined; requestId?: string | undefined; lastSeq: number; cause?: unknown }) {
    super('incomplete_stream', message, { ...opts, retryable: true });
    this.lastSeq = opts.lastSeq;
  }
}

/** The caller's `AbortSignal` fired; the adapter sent `cancel` for the stream if it had an id. */
export class StreamAbortedError extends StreamgateError {
  override name = 'AbortError';

  constructor(opts: { streamId?: string | undefined; requestId?: string | undefined; cause?: unknown } = {}) {
    super('aborted', 'the stream was aborted by its AbortSignal', { ...opts, retryable: false });
  }
}

/** The WebSocket could not be opened (after the configured attempts). */
export class ConnectError extends StreamgateError {
  override name = 'ConnectError';

  constructor(message: string, cause?: unknown) {
    super('connect_failed', message, { retryable: true, cause });
  }
}

/** The SSE endpoint answered with a non-2xx status. `status` is the HTTP status. */
export class HttpError extends StreamgateError {
  override name = 'HttpError';
  readonly status: number;

  constructor(status: number, code: string, message: string, retryable: boolean, requestId?: string) {
    super(code, message, { retryable, requestId });
    this.status = status;
  }
}

/** Options passed to {@link createChatClient} are inconsistent; the message says what to change. */
export class ConfigurationError extends StreamgateError {
  override name = 'ConfigurationError';

  constructor(message: string) {
    super('configuration', message, { retryable: false });
  }
}
