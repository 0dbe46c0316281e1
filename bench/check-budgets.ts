import { readResults } from './bench-results';
import { budgetConsoleTable, evaluateBudgets, unmetBudgets } from './budgets';

// `npm run bench:check`: re-evaluates every budget from bench/results/latest.json.

const results = readResults();
const outcomes = evaluateBudgets(results);
console.log(budgetConsoleTable(outcomes));

const unmet = unmetBudgets(outcomes);
if (unmet.length > 0) {
  console.error(
    `\n${unmet.length} of ${outcomes.length} budgets not met (run of ${results.generatedAt}):`,
  );
  for (const outcome of unmet) {
    const why = outcome.reason ? ` — ${outcome.reason}` : '';
    console.error(
      `  ${outcome.status}: ${outcome.budget}: ${outcome.measured}, limit ${outcome.limit}${why}`,
    );
  }
  process.exitCode = 1;
} else {
  console.log(`\nAll ${outcomes.length} budgets met (run of ${results.generatedAt}).`);
}
