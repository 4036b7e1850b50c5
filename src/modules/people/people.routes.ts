/** Manage people: Lead Users only (permit('people:manage') on every route). */
import { Router, type Request } from 'express';
import { NotFoundError } from '../../http/errors';
import { parseForm } from '../../http/form-errors';
import { renderInvalid, safeValues } from '../../http/render';
import type { MembershipRole } from '../../db/types';
import { permit, scopeOf } from '../../tenancy/org-scope.middleware';
import { peopleView, ROLE_OPTIONS } from './people.presenter';
import { inviteSchema, roleSchema } from './people.schema';
import type { PeopleService } from './people.service';
import { clientIp } from '../../http/client-ip';

function idParam(v: unknown): number {
  if (typeof v !== 'string' || !/^\d{1,9}$/.test(v)) throw new NotFoundError();
  return Number(v);
}

const base = (req: Request) => `/orgs/${scopeOf(req).organizationId}`;

export function peopleRoutes(deps: { people: PeopleService }): Router {
  const { people } = deps;
  const r = Router({ mergeParams: true });
  r.use('/people', permit('people:manage'));

  r.get('/people', async (req, res) => {
    const scope = scopeOf(req);
    res.render('business/people', { title: 'People', ...peopleView(base(req), scope.userId, await people.overview(scope)) });
  });

  const invitePage = { title: 'Add a person', roleOptions: ROLE_OPTIONS };
  r.get('/people/invite', (_req, res) => res.render('business/people-invite', invitePage));
  r.post('/people/invite', async (req, res) => {
    const form = parseForm(inviteSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'business/people-invite', invitePage, form.errors, req.body);
    const result = await people.invite(scopeOf(req), req.user!, form.data.email, form.data.role as MembershipRole, clientIp(req));
    // Too many invitations for now: the same form and message, answered 429 Too Many Requests (RFC 6585 §4).
    if (!result.ok && result.throttled) return res.status(429).render('business/people-invite', { ...invitePage, errors: result.errors, values: safeValues(req.body) });
    if (!result.ok) return renderInvalid(res, 'business/people-invite', invitePage, result.errors, req.body);
    req.session.flash = { type: 'success', heading: 'Invitation sent', text: `We emailed ${form.data.email} a link to join. It works for 30 days.` };
    res.redirect(303, `${base(req)}/people`);
  });

  r.post('/people/invitations/:invitationId/resend', async (req, res) => {
    const result = await people.resendInvitation(scopeOf(req), req.user!, idParam(req.params.invitationId), clientIp(req));
    req.session.flash = result.ok
      ? { type: 'success', text: `A new invitation link was sent to ${result.email}; the earlier link no longer works.` }
      : { type: 'warning', heading: 'The invitation was not sent again', text: result.message };
    res.redirect(303, `${base(req)}/people`);
  });
  r.post('/people/invitations/:invitationId/revoke', async (req, res) => {
    const inv = await people.revokeInvitation(scopeOf(req), idParam(req.params.invitationId), clientIp(req));
    req.session.flash = { type: 'info', text: `The invitation to ${inv.email} was revoked.` };
    res.redirect(303, `${base(req)}/people`);
  });

  r.get('/people/:membershipId/role', async (req, res) => {
    const m = await people.member(scopeOf(req), idParam(req.params.membershipId));
    res.render('business/people-role', { title: `Change role: ${m.first_name} ${m.last_name}`, person: `${m.first_name} ${m.last_name}`, roleOptions: ROLE_OPTIONS, values: { role: m.role } });
  });
  r.post('/people/:membershipId/role', async (req, res) => {
    const scope = scopeOf(req);
    const m = await people.member(scope, idParam(req.params.membershipId));
    const page = { title: `Change role: ${m.first_name} ${m.last_name}`, person: `${m.first_name} ${m.last_name}`, roleOptions: ROLE_OPTIONS };
    const form = parseForm(roleSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'business/people-role', page, form.errors, req.body);
    const result = await people.changeRole(scope, m.membership_id, form.data.role as MembershipRole, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'business/people-role', page, result.errors, req.body);
    req.session.flash = { type: 'success', text: `${m.first_name} ${m.last_name}'s role was changed.` };
    // Demoting yourself can take away this very page.
    res.redirect(303, m.user_id === scope.userId ? `${base(req)}/facilities` : `${base(req)}/people`);
  });

  r.get('/people/:membershipId/remove', async (req, res) => {
    const m = await people.member(scopeOf(req), idParam(req.params.membershipId));
    res.render('business/people-remove', { title: `Remove ${m.first_name} ${m.last_name}`, person: `${m.first_name} ${m.last_name}`, isYou: m.user_id === scopeOf(req).userId });
  });
  r.post('/people/:membershipId/remove', async (req, res) => {
    const scope = scopeOf(req);
    const m = await people.member(scope, idParam(req.params.membershipId));
    const result = await people.remove(scope, m.membership_id, clientIp(req));
    if (!result.ok) {
      return res.status(409).render('business/people-remove', {
        title: `Remove ${m.first_name} ${m.last_name}`, person: `${m.first_name} ${m.last_name}`, isYou: m.user_id === scope.userId,
        errors: { summary: [{ text: result.message, href: '#remove' }], fields: {} },
      });
    }
    req.session.flash = { type: 'success', text: `${m.first_name} ${m.last_name} was removed from ${scope.organization.name}.` };
    res.redirect(303, result.removedSelf ? '/account' : `${base(req)}/people`);
  });
  return r;
}
