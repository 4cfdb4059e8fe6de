import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    // Lab tests start strongSwan in network namespaces; they run one file at a time
    // inside their own file, but files may run in parallel.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
