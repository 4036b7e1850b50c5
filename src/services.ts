/**
 * Builds every service once, from the config, the database and the logger.
 * No DI framework: the app receives this object (type Services) and hands each
 * router the services it needs.
 */
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Db } from './db/knex';
import { createMailService } from './mail/mail.service';
import { createAccountsService } from './modules/accounts/accounts.service';
import { createDevMailService } from './modules/dev-mail/dev-mail.service';
import { createFacilitiesService } from './modules/facilities/facilities.service';
import { createFacilityRequestsService } from './modules/facilities/facility-requests.service';
import { createOrganizationsService } from './modules/organizations/organizations.service';
import { createPeopleService } from './modules/people/people.service';
import { createAccessRequestsService } from './modules/access-requests/access-requests.service';
import { createDocumentsService } from './modules/submittals/documents.service';
import { createDraftsService } from './modules/submittals/drafts.service';
import { createFilingService } from './modules/submittals/filing.service';
import { createSubmissionService } from './modules/submittals/submission.service';
import { createSubmittalsReadService } from './modules/submittals/submittals-read.service';
import { createFileStore } from './storage/file-store';
import { createInventoryService } from './modules/inventory/inventory.service';
import { createHealthService } from './modules/health/health.service';
import { createInventoryUploadService } from './modules/inventory-upload/upload.service';
import { createDirectoryService } from './modules/directory/directory.service';
import { createReviewService } from './modules/review/review.service';
import { createRegulatorRequestsService } from './modules/regulator-requests/requests.service';
import { createCorrectionsService } from './modules/review/corrections.service';
import { createCupaAdminService } from './modules/cupa-admin/cupa-admin.service';
import { createCupaStaffService } from './modules/cupa-admin/cupa-staff.service';
import { createPlatformAdminService } from './modules/platform-admin/platform-admin.service';

export function createServices(deps: { config: Config; knex: Db; logger: Logger }) {
  const { config, knex, logger } = deps;
  const mail = createMailService({ config, db: knex, logger });
  const files = createFileStore(config.uploadDir);
  const filing = createFilingService({ db: knex });
  const drafts = createDraftsService({ db: knex });
  const cupaStaff = createCupaStaffService({ db: knex, mail, config });
  return {
    inventory: createInventoryService({ db: knex, drafts }),
    inventoryUploads: createInventoryUploadService({ db: knex, config, files, mail, logger }),
    files,
    filing,
    drafts,
    documents: createDocumentsService({ db: knex, files }),
    submission: createSubmissionService({ db: knex, mail, config, filing }),
    submittalReads: createSubmittalsReadService({ db: knex }),
    mail,
    accounts: createAccountsService({ db: knex, mail, config }),
    devMail: createDevMailService(knex),
    organizations: createOrganizationsService({ db: knex }),
    facilities: createFacilitiesService({ db: knex }),
    facilityRequests: createFacilityRequestsService({ db: knex, mail, config }),
    people: createPeopleService({ db: knex, mail, config }),
    accessRequests: createAccessRequestsService({ db: knex, mail, config }),
    health: createHealthService(knex),
    directory: createDirectoryService({ db: knex }),
    review: createReviewService({ db: knex, mail, config, files }),
    regulatorRequests: createRegulatorRequestsService({ db: knex, mail, config }),
    corrections: createCorrectionsService({ db: knex, mail, config }),
    cupaAdmin: createCupaAdminService({ db: knex }),
    cupaStaff,
    platformAdmin: createPlatformAdminService({ db: knex, cupaStaff }),
  };
}

export type Services = ReturnType<typeof createServices>;
