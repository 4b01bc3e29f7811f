/** The double's exclusion lists (api-ref#exclusion-lists), in memory; handlers are in exclusions.ts. */

export interface MockList {
  id: number;
  name: string;
  platform: string;
  handles: string[];
  created_at: string;
}

export class ExclusionListStore {
  readonly lists = new Map<number, MockList>();
  #next = 1;

  create(name: string, platform: string): MockList {
    const list = { id: this.#next++, name, platform, handles: [], created_at: new Date().toISOString() };
    this.lists.set(list.id, list);
    return list;
  }

  clear(): void {
    this.lists.clear();
    this.#next = 1;
  }
}
