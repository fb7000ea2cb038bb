import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starts the local DynamoDB engine once for every test file, unless DYNAMODB_ENDPOINT
    // points the suite at DynamoDB Local or a real table.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    typecheck: { enabled: false },
  },
});
