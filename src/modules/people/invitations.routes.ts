/**
 * The invitee's side of an invitation link: sign in or register, then accept.
 * Signed out, the link is remembered so sign-in brings the person back here.
 */
import { Router } from 'express';
import type { PeopleService } from './people.service';

declare module 'express-session' {
  interface SessionData {
    invitedEmail?: string;
  }
}

export function invitationRoutes(deps: { people: PeopleService }): Router {
  const { people } = deps;
  const r = Router();

  r.get('/invitations/:token', async (req, res) => {
    const view = await people.viewInvitation(req.params.token);
    if (view.state !== 'valid') return res.status(view.state === 'unknown' ? 404 : 410).render('account/invitation-problem', { title: 'This invitation cannot be used', state: view.state });
    if (!req.user) {
      req.session.returnTo = req.originalUrl;
      req.session.invitedEmail = view.email; // prefills registration
    }
    const wrongAccount = !!req.user && req.user.email.toLowerCase() !== view.email.toLowerCase();
    res.render('account/invitation', { title: `Join ${view.organization}`, invitation: view, token: req.params.token, signedIn: !!req.user, wrongAccount });
  });

  r.post('/invitations/:token', async (req, res) => {
    if (!req.user) {
      req.session.returnTo = `/invitations/${req.params.token}`;
      return res.redirect(303, '/sign-in');
    }
    const result = await people.acceptInvitation(req.user, req.params.token, req.ip ?? null);
    if (result.status === 'joined' || result.status === 'already_member') {
      req.session.flash = { type: 'success', text: result.status === 'joined' ? 'You joined the organization.' : 'You were already a member of this organization.' };
      return res.redirect(303, `/orgs/${result.organizationId}/facilities`);
    }
    if (result.status === 'wrong_account') {
      return res.status(403).render('account/invitation-problem', { title: 'This invitation is for someone else', state: 'wrong_account', maskedEmail: result.maskedEmail });
    }
    res.status(result.status === 'unknown' ? 404 : 410).render('account/invitation-problem', { title: 'This invitation cannot be used', state: result.status });
  });
  return r;
}
