import { describe, expect, it } from 'vitest';
import { createSseParser } from '../src/index.js';
import type { SseMessage } from '../src/index.js';

function parse(...chunks: string[]): { events: SseMessage[]; comments: string[] } {
  const events: SseMessage[] = [];
  const comments: string[] = [];
  const p = createSseParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c) });
  for (const c of chunks) p.feed(c);
  return { events, comments };
}

describe('createSseParser', () => {
  it('parse_coreFraming_givesEventIdAndData', () => {
    const { events } = parse('event: chunk\nid: 3\ndata: {"type":"chunk","seq":3}\n\n');
    expect(events).toEqual([{ event: 'chunk', id: '3', data: '{"type":"chunk","seq":3}' }]);
  });

  it('parse_eventWithoutName_defaultsToMessageAndIdIsUndefined', () => {
    expect(parse('data: x\n\n').events).toEqual([{ event: 'message', id: undefined, data: 'x' }]);
  });

  it('parse_multipleDataLines_joinsWithNewline', () => {
    expect(parse('data: a\ndata: b\ndata:c\n\n').events[0]!.data).toBe('a\nb\nc');
  });

  it('parse_commentLines_areReportedAndDispatchNothing', () => {
    const r = parse(': heartbeat\n\n:\n\n');
    expect(r.events).toEqual([]);
    expect(r.comments).toEqual(['heartbeat', '']);
  });

  it('parse_crlfAndCrLineEnds_areAccepted', () => {
    expect(parse('data: a\r\n\r\ndata: b\r\rdata: c\n\n').events.map((e) => e.data)).toEqual(['a', 'b', 'c']);
  });

  it('parse_crlfSplitAcrossReads_isOneLineEnd', () => {
    expect(parse('data: a\r', '\n\r', '\ndata: b\n\n').events.map((e) => e.data)).toEqual(['a', 'b']);
  });

  it('parse_eventSplitAtEveryCharacter_isTheSame', () => {
    const text = 'event: done\nid: 9\ndata: {"a":"ü"}\n\n';
    expect(parse(...text.split('')).events).toEqual(parse(text).events);
  });

  it('parse_leadingBom_isSkipped', () => {
    expect(parse('\uFEFFdata: x\n\n').events[0]!.data).toBe('x');
  });

  it('parse_unterminatedLastEvent_isNotDispatched', () => {
    expect(parse('data: a\n\ndata: partial\n').events.map((e) => e.data)).toEqual(['a']);
  });

  it('parse_fieldWithoutColonAndUnknownFields_areHandledPerSpec', () => {
    expect(parse('data\nretry: 10\nfoo: bar\n\n').events).toEqual([{ event: 'message', id: undefined, data: '' }]);
  });

  it('parse_onlyOneSpaceAfterColonIsStripped', () => {
    expect(parse('data:  two\n\n').events[0]!.data).toBe(' two');
  });
});
