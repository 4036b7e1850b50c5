/**
 * The CUPA's staff, under /regulator/admin (Regulator Admins only: the
 * permitRegulator('cupa:admin') in front of these is set by cupaAdminRoutes).
 */
import { Router, type Request } from 'express';
import type { RegulatorRole } from '../../db/types';
import { parseForm } from '../../http/form-errors';
import { renderInvalid, safeValues } from '../../http/render';
import { regulatorScopeOf } from '../../tenancy/regulator-scope.middleware';
import { idParam } from '../submittals/filing-context';
import { ADMIN_BASE, REGULATOR_ROLE_OPTIONS, staffView } from './cupa-admin.presenter';
import { staffInviteSchema, staffRoleSchema } from './cupa-admin.schema';
import type { CupaStaffService } from './cupa-staff.service';
import { clientIp } from '../../http/client-ip';
const STAFF = `${ADMIN_BASE}/staff`;

export function cupaStaffRoutes({ cupaStaff }: { cupaStaff: CupaStaffService }): Router {
  const r = Router();

  r.get('/admin/staff', async (req, res) => {
    const scope = regulatorScopeOf(req);
    res.render('regulator/admin-staff', { title: 'Staff', ...staffView(scope.userId, await cupaStaff.overview(scope), new Date()) });
  });

  const invitePage = { title: 'Invite a person', roleOptions: REGULATOR_ROLE_OPTIONS };
  r.get('/admin/staff/invite', (_req, res) => res.render('regulator/admin-staff-invite', invitePage));
  r.post('/admin/staff/invite', async (req, res) => {
    const form = parseForm(staffInviteSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'regulator/admin-staff-invite', invitePage, form.errors, req.body);
    const result = await cupaStaff.invite(regulatorScopeOf(req), req.user!, form.data.email, form.data.role as RegulatorRole, clientIp(req));
    // Too many invitations for now: the same form and message, answered 429 Too Many Requests (RFC 6585 §4).
    if (!result.ok && result.throttled) return res.status(429).render('regulator/admin-staff-invite', { ...invitePage, errors: result.errors, values: safeValues(req.body) });
    if (!result.ok) return renderInvalid(res, 'regulator/admin-staff-invite', invitePage, result.errors, req.body);
    req.session.flash = { type: 'success', heading: 'Invitation sent', text: `We emailed ${form.data.email} a link to join the staff. It works for 30 days.` };
    res.redirect(303, STAFF);
  });

  r.post('/admin/invitations/:invitationId/resend', async (req, res) => {
    const result = await cupaStaff.resendInvitation(regulatorScopeOf(req), req.user!, idParam(req.params.invitationId), clientIp(req));
    req.session.flash = result.ok
      ? { type: 'success', text: `A new invitation link was sent to ${result.email}; the earlier link no longer works.` }
      : { type: 'warning', heading: 'The invitation was not sent again', text: result.message };
    res.redirect(303, STAFF);
  });
  r.post('/admin/invitations/:invitationId/revoke', async (req, res) => {
    const inv = await cupaStaff.revokeInvitation(regulatorScopeOf(req), idParam(req.params.invitationId), clientIp(req));
    req.session.flash = { type: 'info', text: `The invitation to ${inv.email} was revoked.` };
    res.redirect(303, STAFF);
  });

  async function rolePage(req: Request) {
    const s = await cupaStaff.staffMember(regulatorScopeOf(req), idParam(req.params.staffId));
    const person = `${s.first_name} ${s.last_name}`;
    return { s, page: { title: `Change role: ${person}`, person, roleOptions: REGULATOR_ROLE_OPTIONS } };
  }
  r.get('/admin/staff/:staffId/role', async (req, res) => {
    const { s, page } = await rolePage(req);
    res.render('regulator/admin-staff-role', { ...page, values: { role: s.role } });
  });
  r.post('/admin/staff/:staffId/role', async (req, res) => {
    const scope = regulatorScopeOf(req);
    const { s, page } = await rolePage(req);
    const form = parseForm(staffRoleSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'regulator/admin-staff-role', page, form.errors, req.body);
    const result = await cupaStaff.changeRole(scope, s.staff_id, form.data.role as RegulatorRole, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'regulator/admin-staff-role', page, result.errors, req.body);
    req.session.flash = { type: 'success', text: `${page.person}’s role was changed.` };
    // Demoting yourself takes this very page away.
    res.redirect(303, s.user_id === scope.userId && form.data.role !== 'regulator_admin' ? '/regulator/submittals' : STAFF);
  });

  async function removePage(req: Request) {
    const scope = regulatorScopeOf(req);
    const s = await cupaStaff.staffMember(scope, idParam(req.params.staffId));
    const person = `${s.first_name} ${s.last_name}`;
    return { s, page: { title: `Remove ${person}`, person, isYou: s.user_id === scope.userId } };
  }
  r.get('/admin/staff/:staffId/remove', async (req, res) => {
    res.render('regulator/admin-staff-remove', (await removePage(req)).page);
  });
  r.post('/admin/staff/:staffId/remove', async (req, res) => {
    const scope = regulatorScopeOf(req);
    const { s, page } = await removePage(req);
    const result = await cupaStaff.remove(scope, s.staff_id, clientIp(req));
    if (!result.ok) {
      return res.status(409).render('regulator/admin-staff-remove', { ...page, errors: { summary: [{ text: result.message, href: '#remove' }], fields: {} } });
    }
    req.session.flash = { type: 'success', text: `${page.person} was removed from the staff of ${scope.regulator.name}.` };
    res.redirect(303, result.removedSelf ? '/account' : STAFF);
  });

  return r;
}
