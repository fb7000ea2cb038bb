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
    // The SDK warns once per process that its 2027 releases need Node 22; the suite runs on 20
    // and 24 on purpose (CI runs both), so the warning is only noise in every worker's output.
    // The payment functions' structured logs and EMF metrics (Powertools) write straight to
    // stdout, thousands of lines in the storm tests: off here, on again in the tests of them.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
