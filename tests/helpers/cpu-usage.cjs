'use strict';
// Preloaded into a child run (NODE_OPTIONS=--require) by tests that budget its CPU time, which, unlike
// wall time, does not grow when the rest of the suite keeps the machine busy. At exit it writes the
// process's own user + system CPU milliseconds to the file named by GP_TEST_CPU_FILE.
const { writeFileSync } = require('node:fs');

process.once('exit', () => {
  const { user, system } = process.cpuUsage();
  writeFileSync(process.env.GP_TEST_CPU_FILE, String(Math.round((user + system) / 1000)));
});
