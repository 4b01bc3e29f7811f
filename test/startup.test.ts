import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

/**
 * `node src/main.ts` as `npm start` runs it: a start-up failure prints one line on stderr naming the
 * variable and what to do, and exits 1; without Slack settings the playground starts instead.
 */

const MAIN = new URL('../src/main.ts', import.meta.url).pathname;
const BASE_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  LOG_LEVEL: 'silent',
};
const SLACK = {
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: 'test-signing-secret',
  INFLUENCERS_CLUB_API_KEY: 'test-key',
};

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], { env: { ...BASE_ENV, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe('start-up failures print one line and exit 1', () => {
  it('an unreachable Redis names STORE_URL, without its password', async () => {
    const port = await closedPort();
    const { code, stderr } = await run({
      ...SLACK,
      STORE_URL: `redis://scout:pw-secret-123@127.0.0.1:${port}`,
    });
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^Scout cannot start: STORE_URL=redis://127\\.0\\.0\\.1:${port}: no Redis`),
    );
    expect(lines[0]).toMatch(/Start Redis/);
    expect(stderr).not.toContain('pw-secret-123');
  });

  it('a SQLite path that cannot be written names STORE_URL and what to do', async () => {
    const { code, stderr } = await run({ ...SLACK, STORE_URL: 'sqlite:///etc/hostname/scout.sqlite' });
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Scout cannot start: STORE_URL=sqlite:\/\/\/etc\/hostname\/scout\.sqlite: cannot open/,
    );
    expect(lines[0]).toMatch(/writable path/);
  });

  it('Slack configured but no API key: one line naming INFLUENCERS_CLUB_API_KEY (no playground)', async () => {
    const { code, stderr, stdout } = await run({
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_APP_TOKEN: 'xapp-test',
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^Scout cannot start: INFLUENCERS_CLUB_API_KEY is missing/);
    expect(stdout).not.toContain('playground');
  });
});

describe('npm start without Slack settings', () => {
  it('starts the playground, says so in one line with the URL, and serves the page', async () => {
    const child: ChildProcess = spawn(process.execPath, [MAIN], {
      env: { ...BASE_ENV, PORT: '0', SLACK_BOT_TOKEN: '', INFLUENCERS_CLUB_API_KEY: 'real-looking-key' },
    });
    try {
      let stdout = '';
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no playground line; got ${stdout}`)), 15_000);
        child.stdout?.on('data', (d) => {
          stdout += d;
          const first = stdout.split('\n')[0];
          if (stdout.includes('\n') && first) {
            clearTimeout(timer);
            resolve(first);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${stdout}`)));
      });
      expect(line).toMatch(/^Scout playground \(no Slack configured\): open http:\/\/localhost:\d+\//);
      expect(line).toContain('no credits are spent');
      expect(line).toContain('INFLUENCERS_CLUB_API_KEY is ignored');
      const url = /(http:\/\/localhost:\d+\/)/.exec(line)?.[1] ?? '';
      const page = await fetch(url.replace('localhost', '127.0.0.1'));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Scout playground');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
