import { afterAll, describe, it } from 'vitest';
import { requireOrSkip } from '../../tests/support/requirements.ts';
import { runDocumentStoreContract } from './document-store-contract.ts';
import { openPostgresDocumentStore } from './postgres-document-store.ts';
import { createTestSchemas, isPostgresAvailable, postgresTestUrl } from './postgres-test-schemas.ts';

const available = requireOrSkip(await isPostgresAvailable(), `PostgreSQL (${postgresTestUrl})`);
const schemas = createTestSchemas();
afterAll(() => schemas.dropAll());

if (available) {
  // A location is a schema: opening it twice is two servers on one database.
  runDocumentStoreContract('PostgreSQL (one schema, emptied for each test)', {
    freshLocation: () => schemas.emptied(),
    open: (schema) => openPostgresDocumentStore({ url: postgresTestUrl, schema, maxConnections: 4 }),
  });
} else {
  describe('DocumentStore contract: PostgreSQL', () => it.skip('needs PostgreSQL', () => {}));
}
