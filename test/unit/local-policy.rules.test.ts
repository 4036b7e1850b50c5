import { annualDueDateProblem, annualDueDateText } from '../../src/rules/local-policy.rules';

test('an annual due date must be a date that comes every year', () => {
  expect(annualDueDateProblem(3, 1)).toBeNull();
  expect(annualDueDateProblem(12, 31)).toBeNull();
  expect(annualDueDateProblem(2, 28)).toBeNull();
  expect(annualDueDateProblem(2, 29)).toMatch(/February 29 does not come every year/);
  expect(annualDueDateProblem(4, 31)).toBe('April has only 30 days: enter a day from 1 to 30');
  expect(annualDueDateProblem(2, 30)).toMatch(/February has only 28 days/);
  expect(annualDueDateProblem(13, 1)).toMatch(/Choose the month/);
  expect(annualDueDateProblem(0, 1)).toMatch(/Choose the month/);
  expect(annualDueDateProblem(1, 0)).toMatch(/a number from 1 to 31/);
  expect(annualDueDateProblem(1, 1.5)).toMatch(/a number from 1 to 31/);
  expect(annualDueDateText(6, 30)).toBe('June 30');
});
