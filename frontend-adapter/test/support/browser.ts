/** Debian's Chromium through playwright-core: never a downloaded browser. */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.SG_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) or set SG_CHROMIUM`;

/** The launch flags this machine needs (STACK.md). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** test-artifacts/ (gitignored) for screenshots. */
export function artifactPath(name: string): string {
  const dir = new URL('../../test-artifacts/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  return dir + name;
}
