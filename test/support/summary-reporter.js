// Prints, last, the ten slowest test files (lines starting "slow-file:", which
// .ci/run gathers across databases) and the closing line CI reads:
// "N passed, N failed". A suite that fails to load counts as a failure (jest's
// own "Tests:" line leaves it out).
const path = require('node:path');

class SummaryReporter {
  onRunComplete(_contexts, r) {
    const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
    const skipped = r.numPendingTests + r.numTodoTests;
    const db = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
    const files = r.testResults
      .map((f) => ({ file: path.relative(process.cwd(), f.testFilePath), seconds: (f.perfStats.end - f.perfStats.start) / 1000 }))
      .filter((f) => Number.isFinite(f.seconds))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 10);
    const lines = files.map((f) => `slow-file: ${f.seconds.toFixed(1).padStart(6)} s  ${db.padEnd(10)} ${f.file}`);
    const took = ((Date.now() - r.startTime) / 1000).toFixed(0);
    process.stdout.write(`\nSlowest test files (${db}, whole run ${took} s):\n${lines.join('\n')}\n`);
    process.stdout.write(`\n${db}: ${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
module.exports = SummaryReporter;
