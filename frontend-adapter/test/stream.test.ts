import { describe, expect, it } from 'vitest';
import { IncompleteStreamError, StreamgateError } from '../src/index.js';
import { StreamState } from '../src/stream.js';

const chat = { action: 'chat' as const, requestId: 'r1', message: 'm' };

function fed(): StreamState {
  const s = new StreamState(chat, 'r1');
  s.deliver({ type: 'accepted', requestId: 'r1', streamId: 's1' });
  s.deliver({ type: 'chunk', streamId: 's1', seq: 0, text: 'a' });
  s.deliver({ type: 'chunk', streamId: 's1', seq: 1, text: 'b' });
  return s;
}

describe('StreamState', () => {
  it('iterationStartedLate_stillSeesEveryEventFromTheStart', async () => {
    const s = fed();
    s.deliver({ type: 'done', streamId: 's1', seq: 2, reason: 'complete' });
    const types: string[] = [];
    for await (const e of s) types.push(e.type);
    expect(types).toEqual(['accepted', 'chunk', 'chunk', 'done']);
    expect(await s.text()).toBe('ab');
  });

  it('duplicateChunkOrSecondAccepted_isDroppedAndCounted', () => {
    const s = fed();
    expect(s.deliver({ type: 'chunk', streamId: 's1', seq: 1, text: 'b' })).toBe(false);
    expect(s.deliver({ type: 'accepted', requestId: 'r1', streamId: 's1' })).toBe(false);
    expect(s.duplicatesDropped).toBe(2);
    expect(s.currentText()).toBe('ab');
  });

  it('eventsAfterTheEnd_areIgnored', async () => {
    const s = fed();
    s.deliver({ type: 'done', streamId: 's1', seq: 2, reason: 'complete' });
    expect(s.deliver({ type: 'chunk', streamId: 's1', seq: 3, text: 'late' })).toBe(false);
    s.fail(new StreamgateError('x', 'y'));
    expect(await s.text()).toBe('ab');
  });

  it('failIncomplete_carriesStreamIdAndLastSeq', async () => {
    const s = fed();
    s.failIncomplete('gone');
    const err = await s.text().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IncompleteStreamError);
    expect(err).toMatchObject({ streamId: 's1', lastSeq: 1, retryable: true, code: 'incomplete_stream' });
    await expect((async () => {
      for await (const _ of s) void _;
    })()).rejects.toBe(err);
  });

  it('alreadyAbortedSignal_endsTheStreamAsAborted', async () => {
    const c = new AbortController();
    c.abort();
    const s = new StreamState(chat, 'r1', c.signal);
    await expect(s.text()).rejects.toMatchObject({ code: 'aborted', name: 'AbortError' });
  });

  it('throwingListener_doesNotStopDeliveryToOthers', async () => {
    const s = new StreamState(chat, 'r1');
    const seen: string[] = [];
    const errors: unknown[] = [];
    const onError = (e: unknown): void => void errors.push(e);
    process.on('uncaughtException', onError);
    try {
      s.onText(() => {
        throw new Error('listener bug');
      });
      s.onText((d) => seen.push(d));
      s.deliver({ type: 'chunk', streamId: 's1', seq: 0, text: 'x' });
      await new Promise((r) => setTimeout(r, 0));
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(seen).toEqual(['x']);
  });
});
