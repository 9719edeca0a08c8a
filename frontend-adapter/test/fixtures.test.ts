import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createChatClient, parseServerEvent, serializeAction, validateChat } from '../src/index.js';
import type { ClientAction } from '../src/index.js';

/** The protocol module's golden fixtures, shared with the Java tests (see its README). */
const dir = new URL('../../modules/protocol/fixtures/', import.meta.url).pathname;
const missing = existsSync(join(dir, 'manifest.json')) ? undefined : `${dir}manifest.json does not exist (the protocol module's golden fixtures)`;
if (missing) console.warn(`golden fixture tests skipped: ${missing}`);

const text = (f: string): string => readFileSync(join(dir, f), 'utf8').trim();
const list = (sub: string): string[] => (missing ? [] : readdirSync(join(dir, sub)).filter((f) => f.endsWith('.json')).map((f) => `${sub}/${f}`));

interface Manifest {
  limits: { maxFrameBytes: number; maxPayloadBytes: number; maxMessageTextBytes: number; idPattern: string };
  compat: { file: string; canonical: string }[];
  invalid: { file: string; code: string }[];
}
const manifest: Manifest | undefined = missing ? undefined : (JSON.parse(text('manifest.json')) as Manifest);

/** What the client builds from an object: known fields only, nulls dropped. */
function asAction(o: Record<string, unknown>): ClientAction {
  const clean = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
  return clean as unknown as ClientAction;
}

function parses(f: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

describe.skipIf(missing !== undefined)('golden fixtures from modules/protocol/fixtures', () => {
  it('limits_matchTheAdapters', async () => {
    const { LIMITS } = await import('../src/protocol.js');
    expect(manifest!.limits).toEqual({
      maxFrameBytes: LIMITS.maxFrameBytes,
      maxPayloadBytes: LIMITS.maxPayloadBytes,
      maxMessageTextBytes: LIMITS.maxMessageTextBytes,
      idPattern: LIMITS.idPattern.source,
    });
  });

  it.each(list('events'))('event %s parses to the same object', (f) => {
    expect(parseServerEvent(text(f))).toEqual(JSON.parse(text(f)));
  });

  it('events_coverEveryEventType', () => {
    const types = new Set(list('events').map((f) => (JSON.parse(text(f)) as { type: string }).type));
    expect([...types].sort()).toEqual(['accepted', 'chunk', 'done', 'error', 'handoff', 'heartbeat', 'pong']);
  });

  it.each(list('actions'))('action %s serializes to the same bytes', (f) => {
    const fixture = JSON.parse(text(f)) as ClientAction;
    expect(serializeAction(fixture)).toBe(text(f));
  });

  it.each(manifest?.compat ?? [])('compat $file is written as $canonical', ({ file, canonical }) => {
    const o = JSON.parse(text(file)) as Record<string, unknown>;
    expect(serializeAction(asAction(o))).toBe(text(canonical));
  });

  // JSON-level refusals (duplicate keys, bad UTF-8) cannot come from objects the client serializes.
  const chatInvalid = (manifest?.invalid ?? []).filter((i) => i.code !== 'invalid_json' && parses(i.file)?.action === 'chat');
  it.each(chatInvalid)('invalid chat $file is refused by the client with $code', ({ file, code }) => {
    expect(validateChat(parses(file)!)?.code).toBe(code);
  });

  it.each(list('actions').filter((f) => f.includes('chat')))('valid chat %s passes client validation', (f) => {
    expect(validateChat(JSON.parse(text(f)) as Record<string, unknown>)).toBeUndefined();
  });

  it('invalidChat_failsAtOnceWithTheServersCodeAndSendsNothing', async () => {
    let constructed = 0;
    const Counting = class extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        constructed++;
      }
    };
    const c = createChatClient({ wsUrl: 'ws://127.0.0.1:9/', token: 't', transport: 'ws', webSocketImpl: Counting });
    await expect(c.stream({ message: ' \n\t ' }).text()).rejects.toMatchObject({ code: 'empty_message' });
    await expect(c.stream({ message: 'x', conversationId: 'a/b' }).text()).rejects.toMatchObject({ code: 'invalid_field' });
    await expect(c.stream({ message: 'a'.repeat(manifest!.limits.maxMessageTextBytes + 1) }).text()).rejects.toMatchObject({ code: 'message_too_long' });
    await expect(c.stream({ message: 'a'.repeat(40_000) }).text()).rejects.toMatchObject({ code: 'frame_too_large' });
    expect(constructed).toBe(0);
    c.close();
  });
});
