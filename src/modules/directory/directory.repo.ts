/** The public Regulator Directory: every CUPA with its contact details and the area it covers. */
import type { Queryable } from '../../db/transaction';

export type DirectoryRow = {
  id: number; name: string; code: string | null; agency_type: string | null; county: string | null; area_covered: string | null;
  phone: string | null; email: string | null; website: string | null; address: string | null; source_url: string | null;
};

/** All CUPAs, or those whose name, county or covered area mention the words typed. */
export function listRegulators(db: Queryable, q: string): Promise<DirectoryRow[]> {
  const query = db('regulators as r')
    .leftJoin('counties as c', 'c.id', 'r.county_id')
    .orderBy([{ column: 'c.name' }, { column: 'r.name' }])
    .select('r.id', 'r.name', 'r.code', 'r.agency_type', 'c.name as county', 'r.area_covered', 'r.phone', 'r.email', 'r.website', 'r.address', 'r.source_url');
  for (const word of q.split(/\s+/).filter(Boolean).slice(0, 5)) {
    const like = `%${word.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query.where((w) => w.whereILike('r.name', like).orWhereILike('c.name', like).orWhereILike('r.area_covered', like));
  }
  return query;
}
