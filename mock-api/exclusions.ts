import type { MockList } from './exclusion-store.ts';
import { DISCOVERY_PLATFORMS } from './platforms.ts';
import { detail, type FieldError, json, type Reply, unprocessable } from './replies.ts';
import type { RouteContext } from './route-kit.ts';

/**
 * Exclusion lists in the double (api-ref#exclusion-lists): free, kept in memory per running double,
 * ids are positive integers, a handle is kept once per list (lower-cased, without "@").
 */

function view(list: MockList) {
  const { handles, ...rest } = list;
  return { ...rest, handles_count: handles.length };
}

function listOf(ctx: RouteContext): MockList | Reply {
  const id = Number(ctx.params.list_id);
  const list = Number.isSafeInteger(id) ? ctx.state.exclusions.lists.get(id) : undefined;
  return list ?? detail(404, 'Not found.');
}

export function exclusionListsHandler(ctx: RouteContext): Reply {
  return json(200, [...ctx.state.exclusions.lists.values()].map(view));
}

export function exclusionListCreateHandler(ctx: RouteContext): Reply {
  const body = (ctx.body ?? {}) as { name?: unknown; platform?: unknown };
  const errors: FieldError[] = [];
  if (typeof body.name !== 'string' || body.name.trim() === '')
    errors.push({ field: 'name', error: 'This field is required.' });
  if (!(DISCOVERY_PLATFORMS as readonly unknown[]).includes(body.platform)) {
    errors.push({ field: 'platform', error: `"${String(body.platform)}" is not a valid choice.` });
  }
  if (errors.length > 0) return unprocessable(errors);
  return json(201, view(ctx.state.exclusions.create(String(body.name).trim(), String(body.platform))));
}

export function exclusionEntriesHandler(ctx: RouteContext): Reply {
  const list = listOf(ctx);
  if (!('handles' in list)) return list;
  const offset = Math.max(0, Number(ctx.query.get('offset') ?? 0) || 0);
  const limit = Math.min(10_000, Math.max(1, Number(ctx.query.get('limit') ?? 1000) || 1000));
  return json(200, {
    total: list.handles.length,
    offset,
    limit,
    handles: list.handles.slice(offset, offset + limit),
  });
}

export function exclusionEntriesAddHandler(ctx: RouteContext): Reply {
  const list = listOf(ctx);
  if (!('handles' in list)) return list;
  const handles = (ctx.body as { handles?: unknown } | undefined)?.handles;
  if (!Array.isArray(handles) || handles.length === 0 || handles.some((h) => typeof h !== 'string')) {
    return unprocessable([{ field: 'handles', error: 'A non-empty list of strings is required.' }]);
  }
  const present = new Set(list.handles);
  for (const raw of handles as string[]) {
    const handle = raw.replace(/^@/, '').toLowerCase();
    if (!present.has(handle)) {
      present.add(handle);
      list.handles.push(handle);
    }
  }
  return json(200, view(list));
}
