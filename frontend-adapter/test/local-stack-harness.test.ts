import { describe, expect, it } from 'vitest';
import { localToken, startLocalStack } from './support/local-stack.js';

describe('local-stack harness (with a stand-in launcher)', () => {
  it('startLocalStack_readsPrintedUrlsThenConfigJsonAndStops', async () => {
    const script = new URL('./support/fake-launcher.mjs', import.meta.url).pathname;
    const stack = await startLocalStack({}, 10_000, { cmd: process.execPath, args: [script] });
    try {
      expect(stack.demoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(stack.wsUrl).toMatch(/\/from-config$/);
      expect(stack.sseUrl).toMatch(/\/api\/chat\/stream$/);
      expect(stack.token).toBe('cfg.tok.en');
    } finally {
      await stack.stop();
    }
  });

  it('startLocalStack_withoutConfigJson_usesTheBannerLines', async () => {
    const script = new URL('./support/fake-launcher.mjs', import.meta.url).pathname;
    const stack = await startLocalStack({ FAKE_NO_CONFIG: '1' }, 10_000, { cmd: process.execPath, args: [script] });
    try {
      expect(stack.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/local$/);
      expect(stack.sseUrl).toMatch(/\/api\/chat\/stream$/);
      expect(stack.token).toBe('printed.tok.en');
    } finally {
      await stack.stop();
    }
  });

  it('localToken_isAnHs256JwtWithTheLocalDefaults', () => {
    const [head, body] = localToken('u1').split('.');
    expect(JSON.parse(Buffer.from(head!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(body!, 'base64url').toString())).toMatchObject({ sub: 'u1', iss: 'streamgate-local', aud: 'streamgate' });
  });
});
