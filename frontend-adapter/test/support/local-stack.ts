/**
 * Starts and stops the real local stack (the `make run` launcher: dynalite + local gateway + handlers +
 * core) for the integration tier. The launcher prints its URLs; the demo page's `config.json` (served by
 * the launcher) or the printed lines give `{ wsUrl, sseUrl, token }`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const repo = new URL('../../../', import.meta.url).pathname;
const launcherTarget = join(repo, 'modules', 'launcher', 'target');

/** The launcher's runnable jar, if it was built (`./mvnw -pl modules/launcher -am package`). */
export function launcherJar(): string | undefined {
  if (process.env.SG_LAUNCHER_JAR) return process.env.SG_LAUNCHER_JAR;
  if (!existsSync(launcherTarget)) return undefined;
  const jars = readdirSync(launcherTarget).filter(
    (f) => f.endsWith('.jar') && !/(sources|javadoc|tests|original)/.test(f) && f.startsWith('streamgate-launcher'),
  );
  // Prefer a shaded/"all" jar when both exist.
  jars.sort((a, b) => Number(/all|shaded|standalone/.test(b)) - Number(/all|shaded|standalone/.test(a)));
  return jars[0] ? join(launcherTarget, jars[0]) : undefined;
}

function javaBinary(): string | undefined {
  try {
    const home = execFileSync(join(repo, 'scripts', 'find-jdk.sh'), { encoding: 'utf8' }).trim();
    if (home) return join(home, 'bin', 'java');
  } catch {
    /* fall through */
  }
  return undefined;
}

/** Why the stack tier cannot run here, or undefined when it can. */
export function stackMissing(): string | undefined {
  if (process.env.SG_SKIP_STACK_TESTS) return 'SG_SKIP_STACK_TESTS is set';
  if (!launcherJar()) {
    return `no launcher jar under ${launcherTarget} (modules/launcher not built or not on main yet; build it with ./mvnw -pl modules/launcher -am package, or set SG_LAUNCHER_JAR)`;
  }
  if (!javaBinary()) return 'no JDK >= 21 found by scripts/find-jdk.sh';
  return undefined;
}

/** A running local stack. */
export interface LocalStack {
  wsUrl: string;
  sseUrl: string;
  token: string;
  /** The demo page's URL when the launcher serves it. */
  demoUrl: string | undefined;
  output: string[];
  stop(): Promise<void>;
}

const b64url = (s: string | Buffer): string => Buffer.from(s).toString('base64url');

/** An HS256 token with the local defaults (TEAM.md), for launchers that print no token. */
export function localToken(sub = 'frontend-it'): string {
  const secret = process.env.SG_JWT_SECRET ?? 'local-dev-secret-change-me-0123456789abcdef';
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ sub, iss: 'streamgate-local', aud: 'streamgate', iat: now, exp: now + 3600 }));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/**
 * Runs `java -jar <launcher>` with `env` added (e.g. a short `SG_SSE_BUDGET_MS` for hand-off tests) and
 * resolves once its URLs are known. stdin stays open: closing it is one more way the launcher may stop.
 */
export async function startLocalStack(
  env: Record<string, string> = {},
  timeoutMs = 90_000,
  command: { cmd: string; args: string[] } = { cmd: javaBinary()!, args: ['-jar', launcherJar()!] },
): Promise<LocalStack> {
  const child: ChildProcess = spawn(command.cmd, command.args, {
    cwd: repo,
    // Ephemeral ports: fixed ones would collide with a `make run` or another test run on the machine.
    env: { ...process.env, SG_PORT: '0', SG_GATEWAY_PORT: '0', SG_DEMO_PORT: '0', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const urls: { ws?: string; sse?: string; demo?: string; token?: string } = {};
  // The launcher's banner: "WebSocket  ws://…?token=…", "SSE        http://…/api/chat/stream",
  // "Token      <jwt>", "Demo page  http://…/" (or a hint when demo/dist is not built).
  const onLine = (line: string): void => {
    output.push(line);
    // Labelled banner lines only: log lines also carry URLs (e.g. "engine=demo owner=http://…").
    const label = /^\s*(websocket|sse|demo page|token)\b/i.exec(line)?.[1]?.toLowerCase();
    if (!label) return;
    const ws = /\b(wss?:\/\/[^\s"'<>]+)/.exec(line);
    if (ws && !urls.ws && label === 'websocket') {
      const u = new URL(ws[1]!);
      urls.token ??= u.searchParams.get('token') ?? undefined;
      u.searchParams.delete('token');
      urls.ws = u.toString();
    }
    const http = /\b(https?:\/\/[^\s"'<>]+)/.exec(line);
    if (http) {
      const u = http[1]!;
      if (label === 'sse' && u.includes('/api/chat/stream')) urls.sse ??= u;
      else if (label === 'demo page') urls.demo ??= u;
    }
    const t = /^\s*token\s*[=:]?\s+([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)/i.exec(line);
    if (t) urls.token ??= t[1];
  };
  const split = (buf: { rest: string }) => (d: Buffer) => {
    const text = buf.rest + d.toString('utf8');
    const lines = text.split(/\r?\n/);
    buf.rest = lines.pop() ?? '';
    lines.forEach(onLine);
  };
  child.stdout!.on('data', split({ rest: '' }));
  child.stderr!.on('data', split({ rest: '' }));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin!.end();
    child.kill('SIGTERM');
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`launcher exited with ${child.exitCode}:\n${output.slice(-30).join('\n')}`);
    // The demo line comes after the SSE line; wait for it when the page is built.
    if (urls.ws && urls.sse && (urls.demo || output.some((l) => /^\s*demo page/i.test(l)))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`launcher printed no ws:// and SSE/demo URL within ${timeoutMs} ms:\n${output.slice(-30).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  let config: { wsUrl?: string; sseUrl?: string; token?: string } = {};
  if (urls.demo) {
    try {
      const res = await fetch(new URL('config.json', urls.demo.endsWith('/') ? urls.demo : `${urls.demo}/`));
      if (res.ok) config = (await res.json()) as typeof config;
    } catch {
      /* fall back to the printed lines */
    }
  }
  const wsUrl = config.wsUrl ?? urls.ws!;
  const sseUrl = config.sseUrl ?? urls.sse;
  if (!sseUrl) {
    await stop();
    throw new Error(`could not find the SSE URL in the launcher output or config.json:\n${output.slice(-30).join('\n')}`);
  }
  return { wsUrl, sseUrl, token: config.token ?? urls.token ?? localToken(), demoUrl: urls.demo, output, stop };
}
