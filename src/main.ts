import { ConfigError, loadConfig } from './config.ts';
import { createScout } from './scout.ts';

/** `npm start`: read the environment, build Scout, run until SIGINT/SIGTERM. */

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

const scout = await createScout(config);
try {
  await scout.start();
} catch (error) {
  scout.deps.log.fatal({ err: error }, 'Scout could not start');
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
