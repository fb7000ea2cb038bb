import type * as v from 'valibot';

/**
 * Message for a strict object's own issues: an unknown field, a missing required field, or a
 * value that is not an object at all.
 */
export function strictObjectMessage(issue: v.StrictObjectIssue): string {
  if (issue.expected === 'never') return 'unknown field';
  if (issue.expected === 'Object') return 'must be a JSON object';
  return 'required field is missing';
}
