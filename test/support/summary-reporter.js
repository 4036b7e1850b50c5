// Prints the closing line CI reads: "N passed, N failed". A suite that fails to
// load counts as a failure (jest's own "Tests:" line leaves it out).
class SummaryReporter {
  onRunComplete(_contexts, r) {
    const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
    const skipped = r.numPendingTests + r.numTodoTests;
    const db = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
    process.stdout.write(`\n${db}: ${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
module.exports = SummaryReporter;
