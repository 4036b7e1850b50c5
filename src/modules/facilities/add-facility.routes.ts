/**
 * Add facility (docs/product.md §4.1): address first; a facility already at that address is
 * offered for "Request access" instead of a duplicate; then the name and the
 * organization. A person with no organization creates one and leads it.
 */
import { Router } from 'express';
import { requireUser } from '../../auth/require-user.middleware';
import { parseForm } from '../../http/form-errors';
import { renderInvalid } from '../../http/render';
import { BUSINESS_ROLE_LABELS } from '../../rules/roles.rules';
import { can } from '../../rules/permissions.rules';
import type { OrganizationsService } from '../organizations/organizations.service';
import { addressSchema, facilityNameSchema, searchSchema, type AddressInput } from './facilities.schema';
import type { FacilitiesService } from './facilities.service';
import { addressLine, publicFacilityView } from './facilities.presenter';
import { clientIp } from '../../http/client-ip';

declare module 'express-session' {
  interface SessionData {
    newFacility?: AddressInput;
  }
}

export function addFacilityRoutes(deps: { facilities: FacilitiesService; organizations: OrganizationsService }): Router {
  const { facilities, organizations } = deps;
  const r = Router();
  r.use('/facilities', requireUser);

  const addressPage = async () => ({
    title: 'Add a facility: address',
    counties: (await facilities.counties()).map((c) => ({ value: c.id, text: c.name })),
  });

  r.get('/facilities/new', async (req, res) => {
    const a = req.session.newFacility;
    res.render('business/facility-new-address', { ...(await addressPage()), values: a ? { ...a, county: String(a.county) } : {} });
  });
  r.post('/facilities/new', async (req, res) => {
    const form = parseForm(addressSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'business/facility-new-address', await addressPage(), form.errors, req.body);
    const duplicates = await facilities.duplicatesAt(form.data);
    if (duplicates.length) {
      return res.render('business/facility-new-existing', {
        title: 'This facility may already be registered',
        address: addressLine(form.data),
        matches: duplicates.map((f) => publicFacilityView(f)),
      });
    }
    req.session.newFacility = form.data;
    res.redirect(303, '/facilities/new/name');
  });

  const namePage = async (userId: number) => {
    const orgs = (await organizations.listForUser(userId)).filter((o) => can(o.role, 'facilities:manage'));
    return {
      title: 'Add a facility: name and business',
      orgOptions: [
        ...orgs.map((o) => ({ value: String(o.id), text: o.name, hint: `Organization code ${o.code} · you are ${BUSINESS_ROLE_LABELS[o.role]}` })),
        { value: 'new', text: 'A new business (organization)', hint: 'You become its Lead User.' },
      ],
    };
  };

  r.get('/facilities/new/name', async (req, res) => {
    const address = req.session.newFacility;
    if (!address) return res.redirect(303, '/facilities/new');
    const page = await namePage(req.user!.id);
    res.render('business/facility-new-name', { ...page, address: addressLine(address), values: { organization: page.orgOptions.length === 1 ? 'new' : '' } });
  });
  r.post('/facilities/new/name', async (req, res) => {
    const address = req.session.newFacility;
    if (!address) return res.redirect(303, '/facilities/new');
    const page = { ...(await namePage(req.user!.id)), address: addressLine(address) };
    const form = parseForm(facilityNameSchema, req.body);
    if (!form.ok) return renderInvalid(res, 'business/facility-new-name', page, form.errors, req.body);
    // Checked again at the last moment: someone may have added it meanwhile.
    const duplicates = await facilities.duplicatesAt(address);
    if (duplicates.length) {
      return res.render('business/facility-new-existing', {
        title: 'This facility may already be registered', address: addressLine(address), matches: duplicates.map((f) => publicFacilityView(f)),
      });
    }
    const result = await facilities.create(req.user!, address, form.data, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'business/facility-new-name', page, result.errors, req.body);
    delete req.session.newFacility;
    req.session.flash = { type: 'success', heading: 'Facility added', text: `Its CERS ID is ${result.cersId}.` };
    res.redirect(303, `/orgs/${result.organizationId}/facilities/${result.cersId}`);
  });

  r.get('/facilities/search', async (req, res) => {
    const form = parseForm(searchSchema, req.query);
    const q = form.ok ? form.data.q : null;
    const memberOf = new Set((await organizations.listForUser(req.user!.id)).map((o) => o.id));
    const results = q ? (await facilities.search(q)).map((f) => publicFacilityView(f, memberOf)) : null;
    res.render('business/facility-search', { title: 'Find a facility', q: q ?? '', results });
  });

  return r;
}
