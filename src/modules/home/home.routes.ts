import { Router } from 'express';

/** The front page: what this is, and the way in. Signed-in people go to their account. */
export function homeRoutes(): Router {
  const r = Router();
  r.get('/', (req, res) => {
    if (req.user) return res.redirect(303, '/account');
    res.render('home/index', { title: 'Unified Program Portal' });
  });
  return r;
}
