import { useState } from "react";
import { useApiData } from "./useApiData.ts";

/** One page of a list as the API answers it: the items and the cursor of the next page, if any. */
export type ListPage<T> = { items: T[]; nextCursor: string | null };

/** Where the person is in a paged list, and the ways on (absent where there is no way on). */
export type Paging = { page: number; previous?: (() => void) | undefined; next?: (() => void) | undefined };

/**
 * A list the API hands out a page at a time. Its cursor only leads forward, so the cursors of
 * the pages before are kept: "previous" goes back to one of them. `key` names every input of
 * `load` but the cursor (filters, status), as for useApiData.
 */
export const usePagedList = <T>(load: (cursor: string | undefined) => Promise<ListPage<T>>, key: string) => {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const list = useApiData(() => load(cursor), `${key}|${cursor ?? ""}`);
  const nextCursor = list.data?.nextCursor;
  const paging: Paging = {
    page: cursors.length + 1,
    previous: cursors.length > 0 ? () => setCursors(cursors.slice(0, -1)) : undefined,
    next: nextCursor ? () => setCursors([...cursors, nextCursor]) : undefined,
  };
  /** Back to the first page (new filters ask the API again from the start). */
  const fromTheStart = () => setCursors([]);
  return { ...list, items: list.data?.items, paging, fromTheStart };
};
