import { defineConfig } from 'vitest/config';

// Two projects (tests/test-projects.test.ts keeps the split honest):
// - unit: tests that run in this process (engine, loaders, renderers, the interview's step function);
//   `npm run test:unit`, no build needed, well under 30 s.
// - e2e: tests that start processes (the built binary, a pseudo-terminal, Chromium), in *.e2e.test.ts;
//   `npm run test:e2e` builds first. `npm test` runs both, as CI does.
export default defineConfig({
  test: {
    testTimeout: 20000,
    // End-to-end tests start real processes; two workers suit the 2-core machines this runs on.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: ['tests/**/*.e2e.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['tests/**/*.e2e.test.ts'] } },
    ],
  },
});
