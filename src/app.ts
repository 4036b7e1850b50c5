/**
 * The composition root: one flat, ordered list of middleware, one file per
 * concern. server.ts only listens; tests build this same app with supertest.
 */
import path from 'node:path';
import express, { type Express } from 'express';
import cookieParser from 'cookie-parser';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Db } from './db/knex';
import type { Services } from './services';
import { setUpPassport } from './auth/passport.setup';
import { answerAfterBody } from './http/answer-after-body';
import { refuseUnstorableText } from './http/bad-input';
import { setUpCsrf } from './http/csrf.setup';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { setUpLocals } from './http/locals.setup';
import { setUpRequestLogging } from './http/logging.setup';
import { noStoreForPrivatePages } from './http/no-store';
import { createRateLimits } from './http/rate-limits';
import { setUpSecurityHeaders } from './http/security.setup';
import { saveSessionBeforeRedirect, setUpSession } from './http/session.setup';
import { setUpViews } from './http/views.setup';
import { accountsRoutes } from './modules/accounts/accounts.routes';
import { devMailRoutes } from './modules/dev-mail/dev-mail.routes';
import { healthRoutes } from './modules/health/health.routes';
import { homeRoutes } from './modules/home/home.routes';
import { addFacilityRoutes } from './modules/facilities/add-facility.routes';
import { facilitiesRoutes } from './modules/facilities/facilities.routes';
import { orgRoutes } from './modules/organizations/org.routes';
import { invitationRoutes } from './modules/people/invitations.routes';
import { peopleRoutes } from './modules/people/people.routes';
import { accessRequestsRoutes, requestAccessRoutes } from './modules/access-requests/access-requests.routes';
import { documentsRoutes } from './modules/submittals/documents.routes';
import { elementsRoutes } from './modules/submittals/elements.routes';
import { facilityInformationRoutes } from './modules/submittals/facility-information.routes';
import { submitRoutes } from './modules/submittals/submit.routes';
import { inventoryRoutes } from './modules/inventory/inventory.routes';
import { inventoryUploadRoutes } from './modules/inventory-upload/upload.routes';
import { directoryRoutes } from './modules/directory/directory.routes';
import { regulatorRoutes } from './modules/regulator/regulator.routes';
import { reviewRoutes } from './modules/review/review.routes';
import { regulatorRequestsRoutes } from './modules/regulator-requests/requests.routes';
import { correctionsRoutes } from './modules/review/corrections.routes';
import { cupaAdminRoutes } from './modules/cupa-admin/cupa-admin.routes';
import { cupaInvitationRoutes } from './modules/cupa-admin/cupa-invitations.routes';
import { platformAdminRoutes } from './modules/platform-admin/platform-admin.routes';

export type AppDeps = { config: Config; knex: Db; logger: Logger; services: Services };

const ROOT = path.resolve(__dirname, '..');

export function createApp({ config, knex, logger, services }: AppDeps): Express {
  const app = express();
  const secure = config.isProduction;
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', config.trustProxy);

  setUpViews(app, { cache: config.isProduction });
  app.use(setUpRequestLogging(logger));
  app.use(setUpSecurityHeaders({ isProduction: config.isProduction }));
  app.use('/assets/uswds', express.static(path.join(ROOT, 'node_modules/@uswds/uswds/dist'), { maxAge: '7d', index: false }));
  app.use('/assets', express.static(path.join(ROOT, 'public'), { maxAge: config.isProduction ? '1d' : 0, index: false }));
  // A missing asset ends here: it must not reach sessions (or consume a page's notice).
  app.use('/assets', (_req, res) => res.status(404).type('text/plain').send('Not found'));
  app.use(healthRoutes(services.health));

  // First of all that may answer a form post, so an upload refused early is answered only once its file has arrived.
  app.use(answerAfterBody());
  app.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 2000 }));
  app.use(cookieParser());
  const session = setUpSession({ knex, secret: config.sessionSecret, maxAgeMs: config.sessionMaxAgeMs, secure, onCleanupError: (err) => logger.warn({ err }, 'removing expired sessions failed') });
  // The store runs start-up queries; closing the database under them would crash the process.
  app.locals.sessionStoreReady = session.store.ready;
  app.locals.stopSessionStore = session.stop;
  app.use(session.middleware);
  app.use(saveSessionBeforeRedirect);
  const passport = setUpPassport(services.accounts, { absoluteMs: config.sessionAbsoluteMs });
  app.use(passport.middleware);
  app.use(noStoreForPrivatePages);
  const csrf = setUpCsrf({ secret: config.sessionSecret, secure });
  app.use(csrf.provideToken);
  app.use(setUpLocals({ devMail: config.mail.devOutbox }));
  // Before any route reads the query or the form: text PostgreSQL cannot hold is a 400 here, not a 500 later.
  app.use(refuseUnstorableText);
  app.use(csrf.protect);

  const limits = createRateLimits(config.rateLimit);
  app.use(homeRoutes());
  app.use(directoryRoutes(services.directory));
  app.use(accountsRoutes({ accounts: services.accounts, people: services.people, limits, authenticate: passport.authenticate }));
  app.use(addFacilityRoutes({ facilities: services.facilities, organizations: services.organizations }));
  app.use(invitationRoutes({ people: services.people }));
  app.use(requestAccessRoutes({ accessRequests: services.accessRequests }));
  app.use(
    '/orgs/:orgId',
    orgRoutes(services.organizations, [
      facilitiesRoutes({ facilities: services.facilities, facilityRequests: services.facilityRequests, filing: services.filing }),
      facilityInformationRoutes({ facilities: services.facilities, filing: services.filing, drafts: services.drafts }),
      documentsRoutes({ facilities: services.facilities, filing: services.filing, drafts: services.drafts, documents: services.documents, reads: services.submittalReads, uploadTmpDir: services.files.tmpDir }),
      elementsRoutes({ facilities: services.facilities, filing: services.filing, drafts: services.drafts, reads: services.submittalReads }),
      submitRoutes({ facilities: services.facilities, filing: services.filing, submission: services.submission }),
      inventoryRoutes({ facilities: services.facilities, inventory: services.inventory }),
      inventoryUploadRoutes({ uploads: services.inventoryUploads, facilities: services.facilities, uploadTmpDir: services.files.tmpDir }),
      peopleRoutes({ people: services.people }),
      accessRequestsRoutes({ accessRequests: services.accessRequests }),
    ]),
  );
  app.use('/regulator', regulatorRoutes(knex, [reviewRoutes({ review: services.review }), regulatorRequestsRoutes({ regulatorRequests: services.regulatorRequests }), correctionsRoutes({ corrections: services.corrections }), cupaAdminRoutes({ cupaAdmin: services.cupaAdmin, cupaStaff: services.cupaStaff })]));
  app.use(cupaInvitationRoutes({ cupaStaff: services.cupaStaff }));
  app.use('/admin', platformAdminRoutes({ platformAdmin: services.platformAdmin }));
  if (!config.isProduction) app.use(devMailRoutes(services.devMail));

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
