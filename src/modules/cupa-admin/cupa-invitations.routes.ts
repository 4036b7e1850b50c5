/**
 * The invitee's side of a CUPA staff invitation. It lives outside /regulator
 * (the invitee is not on any staff yet): sign in or register, then accept.
 * Signed out, the link is remembered so sign-in brings the person back here.
 */
import { Router, type Response } from 'express';
import { SECRET_ROUTES, secretPath } from '../../http/secret-routes';
import type { CupaStaffService } from './cupa-staff.service';
import { clientIp } from '../../http/client-ip';

function problem(res: Response, status: number, state: string, extra: Record<string, unknown> = {}) {
  res.status(status).render('account/cupa-invitation-problem', { title: 'This invitation cannot be used', state, ...extra });
}

export function cupaInvitationRoutes({ cupaStaff }: { cupaStaff: CupaStaffService }): Router {
  const r = Router();

  r.get(SECRET_ROUTES.cupaInvitation, async (req, res) => {
    const view = await cupaStaff.viewInvitation(req.params.token, req.user);
    if (view.state !== 'valid') return problem(res, view.state === 'unknown' ? 404 : 410, view.state);
    if (!req.user) {
      req.session.returnTo = req.originalUrl;
      req.session.invitedEmail = view.email; // prefills registration
    }
    const wrongAccount = !!req.user && req.user.email.toLowerCase() !== view.email.toLowerCase();
    res.render('account/cupa-invitation', { title: `Join ${view.regulator}`, invitation: view, token: req.params.token, signedIn: !!req.user, wrongAccount });
  });

  r.post(SECRET_ROUTES.cupaInvitation, async (req, res) => {
    if (!req.user) {
      req.session.returnTo = secretPath(SECRET_ROUTES.cupaInvitation, req.params.token);
      return res.redirect(303, '/sign-in');
    }
    const result = await cupaStaff.acceptInvitation(req.user, req.params.token, clientIp(req));
    switch (result.status) {
      case 'joined':
      case 'already_staff':
        req.session.flash = { type: 'success', text: result.status === 'joined' ? `You joined the staff of ${result.regulator}.` : `You were already on the staff of ${result.regulator}.` };
        return res.redirect(303, '/regulator/submittals');
      case 'wrong_account':
        return problem(res, 403, 'wrong_account', { title: 'This invitation is for someone else', maskedEmail: result.maskedEmail });
      case 'staff_elsewhere':
        return problem(res, 409, 'staff_elsewhere', { title: 'You are on another CUPA’s staff', regulator: result.regulator, otherRegulator: result.otherRegulator });
      default:
        return problem(res, result.status === 'unknown' ? 404 : 410, result.status);
    }
  });
  return r;
}
