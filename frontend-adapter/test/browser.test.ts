import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { artifactPath, chromiumMissing, launchChromium } from './support/browser.js';
import { ProtocolServer } from './support/protocol-server.js';

const demoDist = new URL('../demo/dist/', import.meta.url).pathname;
const skipReason = chromiumMissing ?? (existsSync(`${demoDist}index.html`) ? undefined : 'demo/dist missing: run `npm run demo:build` (npm test does)');
if (skipReason) console.warn(`browser tests skipped: ${skipReason}`);

interface DemoState {
  ready: boolean;
  status: string;
  transport: string | undefined;
  text: string;
  seqs: number[];
  gaps: number;
  reconnects: number;
  resumes: number;
  error: string | undefined;
}

let browser: Browser;
let server: ProtocolServer;
let page: Page;

const demo = (p: Page): Promise<DemoState> => p.evaluate(() => (window as unknown as { streamgateDemo: DemoState }).streamgateDemo);

async function waitForDemo(p: Page, check: string, timeout = 10_000): Promise<DemoState> {
  await p.waitForFunction(`(() => { const s = window.streamgateDemo; return ${check}; })()`, undefined, { timeout, polling: 20 });
  return demo(p);
}

describe.skipIf(skipReason !== undefined)('demo page in Debian Chromium against a protocol server (real sockets)', () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    server = await new ProtocolServer().start();
    server.staticDir = demoDist;
    server.demoSpeedup = 20;
    page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  });

  afterEach(async () => {
    await page.close();
    await server.stop();
  });

  it('shortAnswer_overWebSocket_completesWithNoGap', async () => {
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await waitForDemo(page, 's.ready');
    await page.getByTestId('send').click();
    const s = await waitForDemo(page, "s.status !== 'streaming' && s.status !== 'idle'");
    expect(s).toMatchObject({ status: 'done', transport: 'ws', gaps: 0, text: 'w0 w1 w2 w3 w4 ' });
    expect(await page.getByTestId('transport-in-use').textContent()).toBe('ws');
  });

  it('shortAnswer_overSse_completes', async () => {
    await page.goto(`http://127.0.0.1:${server.port}/?transport=sse`);
    await waitForDemo(page, 's.ready');
    await page.getByTestId('send').click();
    const s = await waitForDemo(page, "s.status !== 'streaming' && s.status !== 'idle'");
    expect(s).toMatchObject({ status: 'done', transport: 'sse', gaps: 0 });
    expect(server.ssePosts).toHaveLength(1);
  });

  it('auto_whenTheProxyRefusesWebSocket_fallsBackToSse', async () => {
    server.refuseWebSocket = true;
    await page.goto(`http://127.0.0.1:${server.port}/?transport=auto`);
    await waitForDemo(page, 's.ready');
    await page.getByTestId('send').click();
    const s = await waitForDemo(page, "s.status !== 'streaming' && s.status !== 'idle'");
    expect(s).toMatchObject({ status: 'done', transport: 'sse', gaps: 0 });
  });

  it('longAnswer_survivesADroppedConnectionWithNoGap', async () => {
    await page.goto(`http://127.0.0.1:${server.port}/?transport=ws`);
    await waitForDemo(page, 's.ready');
    await page.getByTestId('long-answer').click();
    await waitForDemo(page, 's.seqs.length >= 40');
    await page.getByTestId('drop').click();
    const s = await waitForDemo(page, "s.status !== 'streaming'", 30_000);
    expect(s.status).toBe('done');
    expect(s.gaps).toBe(0);
    expect(s.seqs).toEqual([...Array(450).keys()]);
    expect(s.reconnects).toBeGreaterThanOrEqual(1);
    expect(s.resumes).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: artifactPath('demo-drop-fake-server.png'), fullPage: true });
  });
});
