import { ConfigError, loadConfig } from './config.ts';
import { createScout } from './scout.ts';
import { startupFailure } from './startup-error.ts';

/** `npm start`: read the environment, build Scout, run until SIGINT/SIGTERM. */

// No Slack configured (no SLACK_BOT_TOKEN, no SLACK_CLIENT_ID): the playground (playground/start.ts)
// runs until stopped. Not in the build (dist/, Docker image): there, loadConfig names what is missing.
if (!process.env.SLACK_BOT_TOKEN?.trim() && !process.env.SLACK_CLIENT_ID?.trim()) {
  const entry = new URL('../playground/start.ts', import.meta.url);
  const playground = (await import(entry.href).catch((error: { code?: string }) => {
    if (error?.code === 'ERR_MODULE_NOT_FOUND') return null; // the build: no playground
    throw error;
  })) as {
    runPlayground(env: NodeJS.ProcessEnv): Promise<never>;
  } | null;
  if (playground) await playground.runPlayground(process.env);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Scout cannot start: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

// Any start-up failure: one line naming the variable and what to do (startup-error.ts), exit 1.
const scout = await createScout(config).catch((error: unknown) => {
  console.error(`Scout cannot start: ${startupFailure(error)}`);
  return process.exit(1);
});
try {
  await scout.start();
} catch (error) {
  scout.deps.log.debug({ err: error }, 'Scout could not start');
  console.error(`Scout cannot start: ${startupFailure(error)}`);
  await scout.stop().catch(() => {});
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    scout.deps.log.info({ signal }, 'stopping');
    scout.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        scout.deps.log.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  });
}
