/**
 * EJS with one layout: a page view renders first, then views/layouts/main.ejs
 * wraps it (a view sets `layout: false` to opt out, e.g. emails or fragments).
 * Views receive plain view models; they never query anything.
 */
import path from 'node:path';
import ejs from 'ejs';
import type { Express } from 'express';

export const VIEWS_DIR = path.resolve(__dirname, '../../views');
const LAYOUT = path.join(VIEWS_DIR, 'layouts/main.ejs');

export function setUpViews(app: Express, opts: { cache: boolean }): void {
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  app.engine('ejs', (filePath, options, callback) => {
    const data = options as Record<string, unknown>;
    const renderOpts = { cache: opts.cache, filename: filePath, root: VIEWS_DIR, views: [VIEWS_DIR] };
    ejs.renderFile(filePath, data, renderOpts, (err, body) => {
      if (err) return callback(err);
      if (data.layout === false) return callback(null, body);
      ejs.renderFile(LAYOUT, { ...data, body }, { ...renderOpts, filename: LAYOUT }, callback);
    });
  });
}
