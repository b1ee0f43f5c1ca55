import { Alert } from '@hubspot/ui-extensions';
import type { CardActionResult } from './card-shape.ts';
import { maskPhoneNumbers } from './card-format.ts';

/** What the last action came to: the service's own words, or why it did not go through. */
export type Notice =
  { kind: 'result'; result: CardActionResult } | { kind: 'failure'; message: string };

export function ActionNotice({ notice }: { notice: Notice }) {
  if (notice.kind === 'failure') {
    return (
      <Alert title="The action did not go through" variant="danger" testId="action-notice">
        {`${notice.message} Please try again in a moment.`}
      </Alert>
    );
  }
  const { ok, outcome, message } = notice.result;
  const [title, variant] = !ok
    ? (['Not done', 'warning'] as const)
    : outcome === 'deferred'
      ? (['Scheduled', 'info'] as const)
      : (['Done', 'success'] as const);
  return (
    <Alert title={title} variant={variant} testId="action-notice">
      {maskPhoneNumbers(message)}
    </Alert>
  );
}
