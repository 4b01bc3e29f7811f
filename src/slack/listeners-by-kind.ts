import {
  type AnyMiddlewareArgs,
  type App,
  type Middleware,
  onlyActions,
  onlyCommands,
  onlyEvents,
  onlyOptions,
  onlyShortcuts,
  onlyViewActions,
} from '@slack/bolt';

/**
 * Bolt runs every request through the middleware chain of every listener (Scout registers about 60),
 * and most of those chains stop at their first step, the kind filter `app.command`, `app.action`…
 * put there (`onlyCommands`, `onlyActions`…). That costs an object copy and a few promises per
 * listener before a command's own listener can ack. This global middleware, registered last,
 * hands Bolt only the listeners whose kind filter would let the request through; the others would
 * have returned without doing anything. The filters' tests are Bolt's own (middleware/builtin.js).
 *
 * Bolt reads its (private) `listeners` array synchronously when the last global middleware calls
 * `next()`; the array is swapped for that call only. If Bolt ever stores listeners otherwise, this
 * falls back to plain `next()`: every listener runs, as without it.
 */

type Listeners = Middleware<AnyMiddlewareArgs>[][];
type Args = Record<string, unknown>;

const KIND_FILTERS: readonly [unknown, (args: Args) => boolean][] = [
  [onlyActions, (a) => 'action' in a && Boolean(a.action)],
  [onlyShortcuts, (a) => 'shortcut' in a && Boolean(a.shortcut)],
  [onlyCommands, (a) => 'command' in a && Boolean(a.command)],
  [onlyOptions, (a) => 'options' in a && Boolean(a.options)],
  [onlyEvents, (a) => 'event' in a && a.event !== undefined],
  [onlyViewActions, (a) => 'view' in a],
];

export function listenersOfItsKind(app: App): Middleware<AnyMiddlewareArgs> {
  const bolt = app as unknown as { listeners?: unknown };
  /** Per combination of passing kind filters, the listeners to run; rebuilt if listeners are added. */
  const cache = new Map<number, Listeners>();
  let cachedFor = -1;

  return async (args) => {
    const all = bolt.listeners;
    if (!Array.isArray(all)) return args.next();
    const listeners = all as Listeners;
    if (cachedFor !== listeners.length) {
      cache.clear();
      cachedFor = listeners.length;
    }
    let passing = 0;
    for (let i = 0; i < KIND_FILTERS.length; i++)
      if (KIND_FILTERS[i]?.[1](args as unknown as Args)) passing |= 1 << i;
    let relevant = cache.get(passing);
    if (!relevant) {
      relevant = listeners.filter((chain) => {
        const kind = KIND_FILTERS.findIndex(([filter]) => filter === chain[0]);
        return kind === -1 || (passing & (1 << kind)) !== 0;
      });
      cache.set(passing, relevant);
    }
    bolt.listeners = relevant;
    let dispatched: Promise<void>;
    try {
      dispatched = args.next();
    } finally {
      bolt.listeners = listeners;
    }
    await dispatched;
  };
}
