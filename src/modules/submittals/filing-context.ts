/** Finds the facility named in the URL inside the organization scope (404 otherwise) and the element code. */
import type { Request } from 'express';
import { NotFoundError } from '../../http/errors';
import type { ElementCode } from '../../rules/elements.rules';
import { scopeOf } from '../../tenancy/org-scope.middleware';
import { cersIdParam } from '../facilities/facilities.routes';
import type { FacilitiesService } from '../facilities/facilities.service';

export async function facilityOf(req: Request, facilities: FacilitiesService) {
  const scope = scopeOf(req);
  const facility = await facilities.get(scope, cersIdParam(req.params.cersId));
  if (!facility) throw new NotFoundError();
  return { scope, facility, base: `/orgs/${scope.organizationId}/facilities/${facility.cers_id}` };
}

export function elementCodeParam(v: unknown): ElementCode {
  if (typeof v !== 'string' || !/^([1-9]|10)$/.test(v)) throw new NotFoundError();
  return Number(v) as ElementCode;
}

export function idParam(v: unknown): number {
  if (typeof v !== 'string' || !/^\d{1,9}$/.test(v)) throw new NotFoundError();
  return Number(v);
}
