import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20000,
    // End-to-end tests start real processes; two workers suit the 2-core machines this runs on.
    maxWorkers: 2,
  },
});
