import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Names each missing ../shared/corpus folder once; the tests that read it skip.
    // The loopback HTTPS servers' certificate is trusted through NODE_EXTRA_CA_CERTS.
    globalSetup: ['test/fixtures/corpus-notice.ts', 'test/fixtures/test-certificate.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // @actions/workflow-parser imports its schema JSON without an import attribute, which Node's loader
    // refuses; pre-bundled by the dependency optimizer (which loads JSON itself) it works.
    deps: { optimizer: { ssr: { enabled: true, include: ['@actions/workflow-parser'] } } },
  },
});
