/** GET /regulators: the public Regulator Directory, searchable by name, county or city. */
import { Router } from 'express';
import { directoryView } from './directory.presenter';
import type { DirectoryService } from './directory.service';

export function directoryRoutes(directory: DirectoryService): Router {
  const r = Router();
  r.get('/regulators', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const entries = directoryView(await directory.list(q));
    res.render('directory/index', { title: 'Regulator Directory', q, entries });
  });
  return r;
}
