/** Minor corrections: the form for Facility Information or one material, and the corrected version it makes. */
import { Router, type Request } from 'express';
import { renderInvalid } from '../../http/render';
import { PRESSURES, TEMPERATURES } from '../../rules/inventory/codes.rules';
import { permitRegulator, regulatorScopeOf } from '../../tenancy/regulator-scope.middleware';
import { idParam } from '../submittals/filing-context';
import { OWNER_OPERATOR_SECTIONS } from '../submittals/owner-operator.fields';
import type { CorrectionsService } from './corrections.service';
import { reviewFacilityView, versionUrl } from './review.presenter';
import { elementDef, type ElementCode } from '../../rules/elements.rules';
import { clientIp } from '../../http/client-ip';

export function correctionsRoutes({ corrections }: { corrections: CorrectionsService }): Router {
  const r = Router();

  async function page(req: Request, itemId: number | null) {
    const { v, items, item } = await corrections.form(regulatorScopeOf(req), idParam(req.params.versionId), itemId);
    const oo = (v.content as { ownerOperator?: Record<string, string | null> }).ownerOperator ?? {};
    return {
      title: `Minor correction: ${v.facility_name}`,
      facility: reviewFacilityView({ cers_id: v.cers_id, name: v.facility_name, street: v.facility_street, city: v.facility_city, zip: v.facility_zip, organization_name: v.organization_name }),
      version: { id: v.id, url: versionUrl(v.id), name: elementDef(v.element_code as ElementCode)!.name, isInventory: !!elementDef(v.element_code as ElementCode)?.inventory },
      ooSections: OWNER_OPERATOR_SECTIONS,
      items: items.map((i) => ({ id: i.id, name: i.commonName, location: i.location, url: `${versionUrl(v.id)}/correct?item=${i.id}` })),
      item: item ? { id: item.id, name: item.commonName } : null,
      pressureOptions: Object.entries(PRESSURES).map(([value, text]) => ({ value, text })),
      temperatureOptions: Object.entries(TEMPERATURES).map(([value, text]) => ({ value, text })),
      initial: item
        ? { itemId: String(item.id), commonName: item.commonName, chemicalName: item.chemicalName ?? '', location: item.location ?? '', mapNumber: item.mapNumber ?? '', gridNumber: item.gridNumber ?? '', pressure: item.pressure ?? '', temperature: item.temperature ?? '', reason: '' }
        : { ...oo, reason: '' },
      action: `${versionUrl(v.id)}/${item ? 'correct-item' : 'correct'}`,
    };
  }

  const itemQuery = (req: Request) => (/^\d{1,9}$/.test(String(req.query.item ?? '')) ? Number(req.query.item) : null);

  r.get('/submittals/:versionId/correct', permitRegulator('review:correct'), async (req, res) => {
    const p = await page(req, itemQuery(req));
    res.render('regulator/correct', { ...p, values: p.initial });
  });

  r.post('/submittals/:versionId/correct', permitRegulator('review:correct'), async (req, res) => {
    const result = await corrections.correctOwnerOperator(regulatorScopeOf(req), req.user!, idParam(req.params.versionId), req.body ?? {}, clientIp(req));
    if (!result.ok) return renderInvalid(res, 'regulator/correct', await page(req, null), result.errors, req.body);
    req.session.flash = { type: 'success', text: 'The corrected version was saved beside the original, and the business was emailed.' };
    res.redirect(303, versionUrl(result.versionId));
  });

  r.post('/submittals/:versionId/correct-item', permitRegulator('review:correct'), async (req, res) => {
    const result = await corrections.correctItem(regulatorScopeOf(req), req.user!, idParam(req.params.versionId), req.body ?? {}, clientIp(req));
    if (!result.ok) {
      const itemId = /^\d{1,9}$/.test(String(req.body?.itemId ?? '')) ? Number(req.body.itemId) : null;
      return renderInvalid(res, 'regulator/correct', await page(req, itemId), result.errors, req.body);
    }
    req.session.flash = { type: 'success', text: 'The corrected version was saved beside the original, and the business was emailed.' };
    res.redirect(303, versionUrl(result.versionId));
  });
  return r;
}
