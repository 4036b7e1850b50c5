/** The pager partial's model: this page, how many, and the links either side (null at the ends). Pure. */
export type Pager = { page: number; pages: number; prev: string | null; next: string | null };

export function pager(link: (page: number) => string, page: number, pages: number): Pager {
  return { page, pages, prev: page > 1 ? link(page - 1) : null, next: page < pages ? link(page + 1) : null };
}
