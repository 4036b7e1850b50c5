import type { Queryable } from '../../db/transaction';

export type AuditEntry = {
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  organizationId?: number | null;
  regulatorId?: number | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
};

/** Append-only: who, when, what, before/after. Written inside the change's own transaction. */
export async function recordAudit(db: Queryable, e: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    actor_user_id: e.actorUserId,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId == null ? null : String(e.entityId),
    organization_id: e.organizationId ?? null,
    regulator_id: e.regulatorId ?? null,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    ip: e.ip ?? null,
  });
}
