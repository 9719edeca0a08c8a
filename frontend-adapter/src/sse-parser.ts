/**
 * Incremental `text/event-stream` parser following the WHATWG rules we rely on: LF, CR and CRLF line
 * ends (even split across reads), a leading BOM, comment lines, `event`/`data`/`id` fields, multi-line
 * `data`, dispatch on a blank line, and an unterminated last event discarded.
 *
 * Written here rather than taken from `eventsource-parser` because it is ~60 lines, the adapter then has
 * no runtime dependency at all, and the tests pin exactly the framing the core writes.
 */

/** One dispatched SSE event. `event` defaults to `message`; `id` is undefined when the event had none. */
export interface SseMessage {
  event: string;
  data: string;
  id: string | undefined;
}

/** Callbacks of {@link createSseParser}. */
export interface SseParserCallbacks {
  onEvent(message: SseMessage): void;
  onComment?(text: string): void;
}

/** Returns a parser fed with decoded text chunks. */
export function createSseParser(cb: SseParserCallbacks): { feed(text: string): void } {
  let buffer = '';
  let first = true;
  let lastWasCr = false;
  let event = '';
  let data: string[] = [];
  let id: string | undefined;
  let hasData = false;

  const line = (l: string): void => {
    if (l === '') {
      if (hasData) cb.onEvent({ event: event || 'message', data: data.join('\n'), id });
      event = '';
      data = [];
      id = undefined;
      hasData = false;
      return;
    }
    if (l.startsWith(':')) {
      cb.onComment?.(l.slice(1).replace(/^ /, ''));
      return;
    }
    const colon = l.indexOf(':');
    const field = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') {
      data.push(value);
      hasData = true;
    } else if (field === 'id' && !value.includes('\0')) id = value;
    // `retry` and unknown fields are ignored: the adapter never reconnects an SSE POST by itself.
  };

  return {
    feed(text: string): void {
      if (first && text.length > 0) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      // A CR ending the previous read and an LF starting this one are one line end.
      if (lastWasCr && text.startsWith('\n')) text = text.slice(1);
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        line(buffer.slice(start, i));
        if (c === 13 && buffer.charCodeAt(i + 1) === 10) i++;
        start = i + 1;
      }
      lastWasCr = buffer.length > 0 && start === buffer.length && buffer.charCodeAt(buffer.length - 1) === 13;
      buffer = buffer.slice(start);
    },
  };
}
