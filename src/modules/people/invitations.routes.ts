/**
 * The invitee's side of an invitation link: sign in or register, then accept.
 * Signed out, the link is remembered so sign-in brings the person back here.
 */
import { Router } from 'express';
import { requireUser } from '../../auth/require-user.middleware';
import { NotFoundError } from '../../http/errors';
import { SECRET_ROUTES, secretPath } from '../../http/secret-routes';
import type { PeopleService } from './people.service';
import { clientIp } from '../../http/client-ip';

declare module 'express-session' {
  interface SessionData {
    invitedEmail?: string;
  }
}

export function invitationRoutes(deps: { people: PeopleService }): Router {
  const { people } = deps;
  const r = Router();

  r.get(SECRET_ROUTES.invitation, async (req, res) => {
    const view = await people.viewInvitation(req.params.token);
    if (view.state !== 'valid') return res.status(view.state === 'unknown' ? 404 : 410).render('account/invitation-problem', { title: 'This invitation cannot be used', state: view.state });
    if (!req.user) {
      req.session.returnTo = req.originalUrl;
      req.session.invitedEmail = view.email; // prefills registration
    }
    const wrongAccount = !!req.user && req.user.email.toLowerCase() !== view.email.toLowerCase();
    res.render('account/invitation', { title: `Join ${view.organization}`, invitation: view, token: req.params.token, signedIn: !!req.user, wrongAccount });
  });

  r.post(SECRET_ROUTES.invitation, async (req, res) => {
    if (!req.user) {
      req.session.returnTo = secretPath(SECRET_ROUTES.invitation, req.params.token);
      return res.redirect(303, '/sign-in');
    }
    const result = await people.acceptInvitation(req.user, req.params.token, clientIp(req));
    if (result.status === 'joined' || result.status === 'already_member') {
      req.session.flash = { type: 'success', text: result.status === 'joined' ? 'You joined the organization.' : 'You were already a member of this organization.' };
      return res.redirect(303, `/orgs/${result.organizationId}/facilities`);
    }
    if (result.status === 'wrong_account') {
      return res.status(403).render('account/invitation-problem', { title: 'This invitation is for someone else', state: 'wrong_account', maskedEmail: result.maskedEmail });
    }
    res.status(result.status === 'unknown' ? 404 : 410).render('account/invitation-problem', { title: 'This invitation cannot be used', state: result.status });
  });
  r.post('/account/invitations/:invitationId/accept', requireUser, async (req, res) => {
    const raw = String(req.params.invitationId);
    if (!/^\d{1,9}$/.test(raw)) throw new NotFoundError();
    const result = await people.acceptInvitationById(req.user!, Number(raw), clientIp(req));
    if (result.status === 'joined' || result.status === 'already_member') {
      req.session.flash = { type: 'success', text: 'You joined the organization.' };
      return res.redirect(303, `/orgs/${result.organizationId}/facilities`);
    }
    // Someone else's, expired, revoked or unknown: indistinguishable from not found here.
    if (result.status === 'wrong_account' || result.status === 'unknown') throw new NotFoundError();
    res.status(410).render('account/invitation-problem', { title: 'This invitation cannot be used', state: result.status });
  });
  return r;
}
