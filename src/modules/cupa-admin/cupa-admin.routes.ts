/**
 * CUPA administration (docs/product.md §8, §10.1): /regulator/admin and below, Regulator
 * Admins only — permitRegulator('cupa:admin') guards every path under /admin,
 * so Regulator Viewers and Reviewers get 403. Mounted on the /regulator
 * router, behind its scope: everything here is the signed-in admin's own CUPA.
 */
import { Router } from 'express';
import { parseForm } from '../../http/form-errors';
import { renderInvalid } from '../../http/render';
import { permitRegulator, regulatorScopeOf } from '../../tenancy/regulator-scope.middleware';
import {
  ADMIN_BASE,
  contactFormValues,
  CORRECTION_OPTIONS,
  MONTH_OPTIONS,
  overviewView,
  policiesFormValues,
  policyPartsView,
  WASTE_OPTIONS,
} from './cupa-admin.presenter';
import { contactSchema, policiesSchema } from './cupa-admin.schema';
import type { CupaAdminService } from './cupa-admin.service';
import { cupaStaffRoutes } from './cupa-staff.routes';
import type { CupaStaffService } from './cupa-staff.service';
import { clientIp } from '../../http/client-ip';

export function cupaAdminRoutes(deps: { cupaAdmin: CupaAdminService; cupaStaff: CupaStaffService }): Router {
  const { cupaAdmin } = deps;
  const r = Router();
  r.use('/admin', permitRegulator('cupa:admin'));

  r.get('/admin', async (req, res) => {
    res.render('regulator/admin-overview', { title: 'CUPA administration', ...overviewView(await cupaAdmin.overview(regulatorScopeOf(req))) });
  });

  const policiesPage = { title: 'Local policies', monthOptions: MONTH_OPTIONS, wasteOptions: WASTE_OPTIONS, correctionOptions: CORRECTION_OPTIONS, ...policyPartsView() };
  r.get('/admin/policies', async (req, res) => {
    const { policy, parts } = await cupaAdmin.policies(regulatorScopeOf(req));
    res.render('regulator/admin-policies', { ...policiesPage, values: policiesFormValues(policy, parts) });
  });
  r.post('/admin/policies', async (req, res) => {
    const form = parseForm(policiesSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'regulator/admin-policies', policiesPage, form.errors, req.body);
    await cupaAdmin.savePolicies(regulatorScopeOf(req), form.data, clientIp(req));
    req.session.flash = { type: 'success', heading: 'Local policies saved', text: 'Businesses in your jurisdiction see them from now on.' };
    res.redirect(303, ADMIN_BASE);
  });

  const contactPage = { title: 'Contact details' };
  r.get('/admin/contact', async (req, res) => {
    res.render('regulator/admin-contact', { ...contactPage, values: contactFormValues(await cupaAdmin.contact(regulatorScopeOf(req))) });
  });
  r.post('/admin/contact', async (req, res) => {
    const form = parseForm(contactSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'regulator/admin-contact', contactPage, form.errors, req.body);
    await cupaAdmin.saveContact(regulatorScopeOf(req), form.data, clientIp(req));
    req.session.flash = { type: 'success', heading: 'Contact details saved', text: 'The Regulator Directory shows them now.' };
    res.redirect(303, ADMIN_BASE);
  });

  r.use(cupaStaffRoutes(deps));
  return r;
}
