import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end tests each log a real discord.js client into the emulator;
    // separate files run in parallel, so keep timeouts generous for 2-core CI.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
})
