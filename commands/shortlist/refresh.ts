import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Shortlists } from '../../src/shortlists/store.ts';
import { slackErrorCode, updateMessage } from '../../src/slack/web.ts';
import { shortlistMessage } from '../../views/shortlist.ts';

/**
 * Keeps every posted message of a shortlist current (chat.update in place). Changes that come in a
 * burst are folded into one edit per message, at most one round per list per `minGapMs` (chat.update
 * is rate limited per channel, about one a second).
 */
export class MessageRefresher {
  readonly #lists: Shortlists;
  readonly #log: Logger;
  readonly #clock: () => number;
  readonly #minGapMs: number;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #last = new Map<string, number>();
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: { lists: Shortlists; log: Logger; clock: () => number; minGapMs?: number }) {
    this.#lists = options.lists;
    this.#log = options.log;
    this.#clock = options.clock;
    this.#minGapMs = options.minGapMs ?? 1100;
  }

  /** Schedules an edit of the list's messages (one per burst). */
  schedule(client: WebClient, team: string, listId: string): void {
    const key = `${team}:${listId}`;
    if (this.#timers.has(key)) return;
    const wait = Math.max(0, (this.#last.get(key) ?? 0) + this.#minGapMs - performance.now());
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      this.#last.set(key, performance.now());
      const run = this.#refresh(client, team, listId).finally(() => this.#inFlight.delete(run));
      this.#inFlight.add(run);
    }, wait);
    this.#timers.set(key, timer);
  }

  async #refresh(client: WebClient, team: string, listId: string): Promise<void> {
    try {
      const list = await this.#lists.get(team, listId);
      if (!list) return;
      const message = shortlistMessage(list, this.#clock());
      for (const ref of list.messages) {
        await updateMessage(client, {
          channel: ref.channel,
          ts: ref.ts,
          text: message.text,
          blocks: message.blocks,
        }).catch((error: unknown) =>
          this.#log.warn(
            { err: error, code: slackErrorCode(error), listId },
            'could not update a shortlist message',
          ),
        );
      }
    } catch (error) {
      this.#log.warn({ err: error, listId }, 'could not refresh a shortlist');
    }
  }

  /** Waits for the scheduled edits to be made (shutdown). */
  async flush(): Promise<void> {
    while (this.#timers.size > 0 || this.#inFlight.size > 0) {
      await Promise.all([...this.#inFlight]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
