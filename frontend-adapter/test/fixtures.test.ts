import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServerEvent, serializeAction } from '../src/index.js';
import type { ClientAction } from '../src/index.js';

/** The protocol module's golden fixtures, shared with the Java tests. */
const dir = new URL('../../modules/protocol/fixtures/', import.meta.url).pathname;
const missing = existsSync(dir) ? undefined : `${dir} does not exist yet (the protocol module's golden fixtures)`;
if (missing) console.warn(`golden fixture tests skipped: ${missing}`);

function jsonFiles(d: string): string[] {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? jsonFiles(p) : f.endsWith('.json') ? [p] : [];
  });
}

const files = missing ? [] : jsonFiles(dir);
const invalid = (p: string): boolean => /(^|\/)(invalid|bad|reject)/i.test(relative(dir, p));
const load = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));
const events = files.filter((p) => !invalid(p) && typeof (load(p) as { type?: unknown }).type === 'string');
const actions = files.filter((p) => !invalid(p) && typeof (load(p) as { action?: unknown }).action === 'string');
const badEvents = files.filter((p) => invalid(p) && /event|server/i.test(relative(dir, p)));

describe.skipIf(missing !== undefined)('golden fixtures from modules/protocol/fixtures', () => {
  it('fixtures_exist', () => {
    expect(events.length + actions.length).toBeGreaterThan(0);
  });

  it.each(events.map((p) => [relative(dir, p), p]))('event %s_parsesToTheSameObject', (_, p) => {
    const raw = readFileSync(p, 'utf8');
    expect(parseServerEvent(raw)).toEqual(load(p));
  });

  it.each(actions.map((p) => [relative(dir, p), p]))('action %s_serializesToTheSameJson', (_, p) => {
    const fixture = load(p) as ClientAction;
    expect(JSON.parse(serializeAction(fixture))).toEqual(fixture);
    expect(serializeAction(fixture)).toBe(JSON.stringify(fixture));
  });

  it.each(badEvents.map((p) => [relative(dir, p), p]))('invalid event %s_isRejected', (_, p) => {
    expect(() => parseServerEvent(readFileSync(p, 'utf8'))).toThrow();
  });
});
