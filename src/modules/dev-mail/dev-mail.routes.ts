import { Router } from 'express';
import { NotFoundError } from '../../http/errors';
import type { DevMailService } from './dev-mail.service';

/**
 * /dev/mail: the development outbox, so someone trying the app without an SMTP
 * server can open their activation link. Never mounted in production.
 */
export function devMailRoutes(devMail: DevMailService): Router {
  const r = Router();
  r.get('/dev/mail', async (_req, res) => {
    res.render('dev/mail-list', { title: 'Development mail outbox', emails: await devMail.list() });
  });
  r.get('/dev/mail/:id', async (req, res) => {
    const email = /^\d+$/.test(req.params.id) ? await devMail.find(req.params.id) : undefined;
    if (!email) throw new NotFoundError();
    res.render('dev/mail-show', { title: email.subject, email });
  });
  return r;
}
