import { Button, ButtonRow, Flex, Text } from '@hubspot/ui-extensions';
import { useState } from 'react';
import type { CardAction, CardView } from './card-shape.ts';

interface CardActionsProps {
  allowed: CardView['actions'];
  /** An action is under way: every button waits for it. */
  busy: boolean;
  onAction: (action: CardAction) => void;
}

/**
 * The four things the front desk can do from the card, each enabled only when the service says it
 * may be done now. Do-not-contact is for good, so it asks once more before it goes.
 */
export function CardActions({ allowed, busy, onAction }: CardActionsProps) {
  const [confirming, setConfirming] = useState(false);
  return (
    <Flex direction="column" gap="sm">
      <ButtonRow disableDropdown>
        <Button
          testId="action-pause"
          disabled={busy || !allowed.pause}
          onClick={() => onAction('pause')}
        >
          Pause outreach
        </Button>
        <Button
          testId="action-resume"
          disabled={busy || !allowed.resume}
          onClick={() => onAction('resume')}
        >
          Resume outreach
        </Button>
        <Button
          testId="action-send-link"
          variant="primary"
          disabled={busy || !allowed.sendLink}
          onClick={() => onAction('send-link')}
        >
          Send booking link now
        </Button>
        <Button
          testId="action-do-not-contact"
          variant="destructive"
          disabled={busy || confirming || !allowed.doNotContact}
          onClick={() => setConfirming(true)}
        >
          Mark do-not-contact
        </Button>
      </ButtonRow>
      {confirming && (
        <Flex direction="column" gap="xs" testId="confirm-do-not-contact">
          <Text format={{ fontWeight: 'bold' }}>
            Mark this patient do-not-contact? No reactivation message or call will reach them again
            until someone at the practice lifts it.
          </Text>
          <ButtonRow disableDropdown>
            <Button
              testId="confirm-do-not-contact-yes"
              variant="destructive"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                onAction('do-not-contact');
              }}
            >
              Yes, mark do-not-contact
            </Button>
            <Button testId="confirm-do-not-contact-cancel" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </ButtonRow>
        </Flex>
      )}
    </Flex>
  );
}
