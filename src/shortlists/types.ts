import { z } from 'zod';
import { PLATFORMS } from '../ic/platforms.ts';

/** Shortlists and outreach status: the shapes kept in the store (per workspace) and on buttons. */

export const STATUSES = ['new', 'contacted', 'negotiating', 'signed', 'rejected'] as const;
export type Status = (typeof STATUSES)[number];

/** Where each status may go next: new → contacted → negotiating → signed / rejected. */
export const NEXT_STATUSES: Record<Status, readonly Status[]> = {
  new: ['contacted', 'rejected'],
  contacted: ['negotiating', 'rejected'],
  negotiating: ['signed', 'rejected'],
  signed: [],
  rejected: [],
};

/** Statuses that mean the team has reached out: the creator must never be pitched again. */
export const CONTACTED_STATUSES: ReadonlySet<Status> = new Set([
  'contacted',
  'negotiating',
  'signed',
  'rejected',
]);

/** A creator as seen when added: what the shortlist shows without spending again. */
export const snapshotSchema = z.object({
  p: z.enum(PLATFORMS),
  h: z.string().trim().min(1).max(100),
  n: z.string().max(100).nullish(),
  f: z.number().nullish(),
  e: z.number().nullish(),
  v: z.array(z.string().max(40)).max(8).optional(),
});
export type CreatorSnapshot = z.infer<typeof snapshotSchema>;

/** The snapshot without unknown values (a smaller button value; nothing reads as "null"). */
export function compactSnapshot(s: CreatorSnapshot): CreatorSnapshot {
  return {
    p: s.p,
    h: s.h,
    ...(s.n != null ? { n: s.n } : {}),
    ...(s.f != null && Number.isFinite(s.f) ? { f: s.f } : {}),
    ...(s.e != null && Number.isFinite(s.e) ? { e: s.e } : {}),
    ...(s.v && s.v.length > 0 ? { v: s.v } : {}),
  };
}

export interface StatusChange {
  status: Status;
  by: string;
  at: number;
}

export interface ShortlistEntry {
  /** Short id, unique within the list (button values are small). */
  id: string;
  creator: CreatorSnapshot;
  status: Status;
  addedBy: string;
  addedAt: number;
  /** Oldest first; the first entry is the add itself ("new"). */
  history: StatusChange[];
}

export interface Shortlist {
  id: string;
  team: string;
  name: string;
  createdBy: string;
  createdAt: number;
  archived: boolean;
  entries: ShortlistEntry[];
  /** Messages showing this list, kept current when it changes (newest last, at most a few). */
  messages: { channel: string; ts: string }[];
}

export function creatorKey(platform: string, handle: string): string {
  return `${platform}:${handle.replace(/^@/, '').toLowerCase()}`;
}
