import type { RequestHandler } from 'express';

/**
 * What every page may show: the signed-in person (a small view model, never the
 * row with its hash), the current path, the portal colour, and a one-time
 * notice left by the previous request (after a redirect, not for errors).
 */
export function setUpLocals(opts: { devMail: boolean }): RequestHandler {
  return (req, res, next) => {
    res.locals.currentUser = req.user
      ? { id: req.user.id, username: req.user.username, name: `${req.user.first_name} ${req.user.last_name}` }
      : null;
    res.locals.currentPath = req.path;
    // /regulator/... is the regulator portal; /regulators (the public directory) is not.
    res.locals.portal = req.path === '/regulator' || req.path.startsWith('/regulator/') ? 'regulator' : 'business';
    res.locals.devMail = opts.devMail;
    res.locals.errors = { summary: [], fields: {} };
    res.locals.values = {};
    // Taken only when a page is actually rendered: a stray request (a missing
    // image, a late font) must not swallow the notice meant for the next page.
    res.locals.takeFlash = () => {
      const flash = req.session?.flash;
      if (flash) delete req.session.flash;
      return flash ?? null;
    };
    next();
  };
}
