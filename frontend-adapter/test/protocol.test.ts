import { describe, expect, it } from 'vitest';
import { MalformedEventError, parseServerEvent, serializeAction, sseRequestBody } from '../src/index.js';

describe('parseServerEvent', () => {
  it('parse_everyEventType_givesTypedObjects', () => {
    expect(parseServerEvent('{"type":"accepted","requestId":"r","streamId":"s"}')).toEqual({ type: 'accepted', requestId: 'r', streamId: 's' });
    expect(parseServerEvent('{"type":"chunk","streamId":"s","seq":0,"text":"hé"}')).toEqual({ type: 'chunk', streamId: 's', seq: 0, text: 'hé' });
    expect(parseServerEvent('{"type":"heartbeat","streamId":"s"}')).toEqual({ type: 'heartbeat', streamId: 's' });
    expect(parseServerEvent('{"type":"handoff","streamId":"s","lastSeq":7}')).toEqual({ type: 'handoff', streamId: 's', lastSeq: 7 });
    expect(parseServerEvent('{"type":"done","streamId":"s","seq":8,"reason":"complete","usage":{"outputTokens":3}}')).toEqual({
      type: 'done', streamId: 's', seq: 8, reason: 'complete', usage: { outputTokens: 3 },
    });
    expect(parseServerEvent('{"type":"error","code":"rate_limited","message":"slow down","retryable":true,"requestId":"r"}')).toEqual({
      type: 'error', code: 'rate_limited', message: 'slow down', retryable: true, requestId: 'r',
    });
    expect(parseServerEvent('{"type":"pong"}')).toEqual({ type: 'pong' });
  });

  it('parse_extraFields_areDropped', () => {
    expect(parseServerEvent({ type: 'pong', extra: 1 })).toEqual({ type: 'pong' });
  });

  it.each([
    ['not json', 'nope'],
    ['an array', '[]'],
    ['unknown type', '{"type":"surprise"}'],
    ['API Gateway timeout body', '{"message":"Endpoint request timed out","connectionId":"c","requestId":"r"}'],
    ['chunk with string seq', '{"type":"chunk","streamId":"s","seq":"1","text":"x"}'],
    ['chunk with fractional seq', '{"type":"chunk","streamId":"s","seq":1.5,"text":"x"}'],
    ['error without retryable', '{"type":"error","code":"x","message":"y"}'],
  ])('parse_%s_throwsMalformedEventError', (_, raw) => {
    expect(() => parseServerEvent(raw)).toThrow(MalformedEventError);
  });
});

describe('serializeAction', () => {
  it('serialize_everyAction_matchesTheProtocolTable', () => {
    expect(serializeAction({ action: 'chat', requestId: 'r', message: 'm' })).toBe('{"action":"chat","requestId":"r","message":"m"}');
    expect(serializeAction({ action: 'chat', requestId: 'r', message: 'm', conversationId: 'c', options: { demo: { seconds: 45 } } })).toBe(
      '{"action":"chat","requestId":"r","message":"m","conversationId":"c","options":{"demo":{"seconds":45}}}',
    );
    expect(serializeAction({ action: 'cancel', streamId: 's' })).toBe('{"action":"cancel","streamId":"s"}');
    expect(serializeAction({ action: 'resume', streamId: 's', lastSeq: -1 })).toBe('{"action":"resume","streamId":"s","lastSeq":-1}');
    expect(serializeAction({ action: 'ping' })).toBe('{"action":"ping"}');
  });

  it('sseRequestBody_isTheChatFieldsWithoutAction', () => {
    expect(sseRequestBody({ action: 'chat', requestId: 'r', message: 'm' })).toBe('{"requestId":"r","message":"m"}');
  });
});
