/** Read-only views of versions and their documents, inside the organization scope. */
import type { Knex } from 'knex';
import { NotFoundError } from '../../http/errors';
import type { ElementContent } from '../../rules/completeness.rules';
import { elementDef, type ElementCode } from '../../rules/elements.rules';
import type { OrgScope } from '../../tenancy/org-scope';
import { formatDateTime } from '../accounts/account.presenter';
import { listDocuments, listParts } from './documents.repo';
import { findVersion, statusHistory } from './element-versions.repo';
import { STATUS_LABELS, submittedPartsView } from './submittals.presenter';

export type SubmittalsReadService = ReturnType<typeof createSubmittalsReadService>;

export function createSubmittalsReadService(deps: { db: Knex }) {
  const { db } = deps;
  return {
    documentsOf: (scope: OrgScope, partIds: number[]) => listDocuments(db, scope, partIds),

    async version(scope: OrgScope, facilityId: number, cersId: number, code: ElementCode, versionId: number) {
      const v = await findVersion(db, scope, facilityId, versionId);
      if (!v || v.element_code !== code) throw new NotFoundError();
      const parts = await listParts(db, scope, [v.id]);
      const docs = await listDocuments(db, scope, parts.map((p) => p.id));
      const def = elementDef(code)!;
      const content = v.content as ElementContent;
      return {
        id: v.id,
        name: def.name,
        status: STATUS_LABELS[v.status],
        isDraft: v.status === 'draft',
        submitted: v.submitted_at ? formatDateTime(v.submitted_at) : null,
        commentToRegulator: v.comment_to_regulator,
        hash: v.content_hash,
        correction: v.correction && v.corrected_from_version_id
          ? { ...v.correction, originalUrl: `/orgs/${scope.organizationId}/facilities/${cersId}/elements/${code}/versions/${v.corrected_from_version_id}` }
          : null,
        businessActivities: content.businessActivities ?? null,
        ownerOperator: content.ownerOperator ?? null,
        parts: submittedPartsView(def, parts, docs),
        history: (await statusHistory(db, scope, v.id)).map((h) => ({ status: STATUS_LABELS[h.status], when: formatDateTime(h.changed_at), who: h.changed_by_name, comment: h.comment })),
      };
    },
  };
}
