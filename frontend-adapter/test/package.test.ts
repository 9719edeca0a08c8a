import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const built = existsSync(new URL('../dist/index.cjs', import.meta.url));
const require = createRequire(import.meta.url);

// `npm test` builds with tsup first; a bare `vitest run` without dist/ skips with this reason.
describe.skipIf(!built)('built package (dist/, needs `npm run build`)', () => {
  it('commonJs_entryPoints_export_theApi', () => {
    expect(typeof require('../dist/index.cjs').createChatClient).toBe('function');
    expect(typeof require('../dist/react.cjs').useChatStream).toBe('function');
    expect(typeof require('../dist/ai.cjs').StreamgateChatTransport).toBe('function');
  });

  it('esModule_entryPoints_export_theApi', async () => {
    const load = (f: string): Promise<Record<string, unknown>> => import(/* @vite-ignore */ new URL(`../dist/${f}`, import.meta.url).href);
    expect(typeof (await load('index.js')).createChatClient).toBe('function');
    expect(typeof (await load('react.js')).useChatStream).toBe('function');
    expect(typeof (await load('ai.js')).StreamgateChatTransport).toBe('function');
  });

  it('typeDeclarations_existForEverySubpath', () => {
    for (const f of ['index.d.ts', 'index.d.cts', 'react.d.ts', 'react.d.cts', 'ai.d.ts', 'ai.d.cts']) {
      expect(existsSync(new URL(`../dist/${f}`, import.meta.url)), f).toBe(true);
    }
  });
});
