import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The files a newcomer deploys from: compose.yaml (Scout ×2 + Redis), the two Slack manifests
 * (Socket Mode and HTTP) and .env.example. Checked by structure here, and by `docker compose config`
 * where Docker Compose is installed.
 */

type Json = Record<string, unknown>;
const root = new URL('../', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), 'utf8');

function dockerCompose(): string | null {
  try {
    execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'no `docker compose` on this machine';
  }
}

describe('compose.yaml: two Scouts sharing one Redis', () => {
  const compose = parse(read('compose.yaml')) as { services: Record<string, Json>; volumes?: Json };
  const scouts = Object.entries(compose.services).filter(([name]) => name.startsWith('scout'));

  it('has Redis with a health check and two Scout replicas of one image', () => {
    const redis = compose.services.redis as Json;
    expect(String(redis.image)).toMatch(/^redis:/);
    expect((redis.healthcheck as Json).test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(scouts).toHaveLength(2);
    expect(new Set(scouts.map(([, s]) => s.image)).size).toBe(1);
    expect(scouts.some(([, s]) => s.build === '.')).toBe(true);
  });

  it('points every replica at the shared Redis, after it is healthy, on its own loopback port', () => {
    const ports = new Set<string>();
    for (const [name, service] of scouts) {
      const env = service.environment as Json;
      expect(env.STORE_URL, name).toBe('redis://redis:6379');
      expect(((service.depends_on as Json).redis as Json).condition, name).toBe('service_healthy');
      const published = service.ports as string[];
      expect(published).toHaveLength(1);
      expect(published[0]).toMatch(/^127\.0\.0\.1:\d+:3000$/);
      ports.add(published[0] ?? '');
      expect(service.env_file, name).toEqual([{ path: '.env', required: false }]);
    }
    expect(ports.size).toBe(2);
  });

  it('declares every named volume it mounts', () => {
    const mounted = Object.values(compose.services).flatMap((s) =>
      ((s.volumes as string[] | undefined) ?? []).map((v) => v.split(':')[0] ?? ''),
    );
    for (const volume of mounted.filter((v) => !v.startsWith('.') && !v.startsWith('/'))) {
      expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    }
  });

  const noCompose = dockerCompose();
  it.skipIf(noCompose !== null)(
    `docker compose config accepts it${noCompose ? ` (skipped: ${noCompose})` : ''}`,
    () => {
      execFileSync('docker', ['compose', '-f', 'compose.yaml', 'config', '--quiet'], {
        cwd: root.pathname,
        stdio: 'pipe',
      });
    },
  );
});

describe('the Slack manifests', () => {
  const socket = parse(read('manifest.yml')) as Json;
  const http = parse(read('manifest.http.yml')) as Json;
  const settings = (m: Json) => m.settings as Json;
  const commands = (m: Json) => (m.features as Json).slash_commands as Json[];

  it('manifest.yml is for Socket Mode, manifest.http.yml for HTTP with every request URL', () => {
    expect(settings(socket).socket_mode_enabled).toBe(true);
    expect(settings(http).socket_mode_enabled).toBe(false);
    const url = /^https:\/\/[^/]+\/slack\/events$/;
    for (const command of commands(http)) expect(String(command.url), String(command.command)).toMatch(url);
    expect(String((settings(http).event_subscriptions as Json).request_url)).toMatch(url);
    expect(String((settings(http).interactivity as Json).request_url)).toMatch(url);
    expect(String((settings(http).interactivity as Json).message_menu_options_url)).toMatch(url);
  });

  it('differ in nothing else (commands, scopes, events, App Home)', () => {
    const strip = (m: Json) => {
      const copy = structuredClone(m);
      for (const command of commands(copy)) delete command.url;
      const s = settings(copy);
      delete s.socket_mode_enabled;
      delete (s.event_subscriptions as Json).request_url;
      delete (s.interactivity as Json).request_url;
      delete (s.interactivity as Json).message_menu_options_url;
      return copy;
    };
    expect(strip(http)).toEqual(strip(socket));
  });
});

describe('.env.example', () => {
  const example = read('.env.example');
  const listed = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);

  it('lists every variable of the README and the environment contract, each with a comment', () => {
    const readme = [...read('README.md').matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]);
    const contract = [
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'SLACK_APP_TOKEN',
      'SLACK_API_URL',
      'SLACK_CLIENT_ID',
      'SLACK_CLIENT_SECRET',
      'SLACK_STATE_SECRET',
      'SCOUT_ENCRYPTION_KEY',
      'INFLUENCERS_CLUB_API_KEY',
      'INFLUENCERS_CLUB_API_URL',
      'STORE_URL',
      'PORT',
      'BATCH_POLL_INTERVAL_MS',
      'CREDIT_BUDGET_DEFAULT',
      'SCOUT_ADMINS',
      'SCOUT_RETENTION_DAYS',
      'MOCK_API_PORT',
      'MOCK_API_KEY',
    ];
    expect(readme.length).toBeGreaterThan(10);
    for (const name of new Set([...readme, ...contract])) expect(listed, name).toContain(name);
    const lines = example.split('\n');
    for (const [i, line] of lines.entries()) {
      if (/^[A-Z]/.test(line)) expect(lines[i - 1], `comment above ${line}`).toMatch(/^# \S/);
    }
  });

  it('has no values: nothing secret, and a copy starts the playground', () => {
    for (const line of example.split('\n').filter((l) => /^[A-Z]/.test(l)))
      expect(line).toMatch(/^[A-Z0-9_]+=$/);
  });
});
