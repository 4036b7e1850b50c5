import { Router } from 'express';
import type { HealthService } from './health.service';

/** /healthz for load balancers: 200 when the database answers, 503 when not. No session, no HTML. */
export function healthRoutes(health: HealthService): Router {
  const r = Router();
  r.get('/healthz', async (_req, res) => {
    const ok = await health.databaseAnswers();
    res.status(ok ? 200 : 503).type('application/json').send({ status: ok ? 'ok' : 'unavailable' });
  });
  return r;
}
