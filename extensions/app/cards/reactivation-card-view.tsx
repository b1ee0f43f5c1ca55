import {
  Button,
  Divider,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  LoadingSpinner,
  Text,
} from '@hubspot/ui-extensions';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ActionNotice, type Notice } from './action-notice.tsx';
import { CardActions } from './card-actions.tsx';
import { CardBanners } from './card-banners.tsx';
import { createCardClient, type CardFetch } from './card-client.ts';
import type { Formatting } from './card-format.ts';
import type { CardAction, CardView } from './card-shape.ts';
import { PatientSummary } from './patient-summary.tsx';
import { serviceUrl } from './service-url.ts';
import { TouchesTable } from './touches-table.tsx';

/** The part of HubSpot's `CrmContext` the card uses. */
export interface CardContext {
  crm: { objectId: number | string };
  portal: { id: number; timezone: string };
  user: { locale?: string };
  variables?: Readonly<Record<string, unknown>>;
}

export interface ReactivationCardViewProps {
  context: CardContext;
  /** `hubspot.fetch` in HubSpot; passed in so the card never reaches for a global. */
  fetch: CardFetch;
}

type Load =
  { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; view: CardView };

/** The reactivation card on a contact record: loading, error, not-a-patient, or the patient. */
export function ReactivationCardView({ context, fetch }: ReactivationCardViewProps) {
  const { objectId } = context.crm;
  const { id: portalId, timezone } = context.portal;
  const baseUrl = serviceUrl(context.variables);
  const client = useMemo(
    () => createCardClient({ fetch, serviceUrl: baseUrl, portalId, contactId: objectId }),
    [fetch, baseUrl, portalId, objectId],
  );
  const formatting: Formatting = { locale: context.user.locale ?? 'en-US', timeZone: timezone };

  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  // Answers that arrive after the record was closed are dropped.
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const reload = useCallback(async () => {
    setLoad({ kind: 'loading' });
    try {
      const view = await client.load();
      if (live.current) setLoad({ kind: 'ready', view });
    } catch (error) {
      if (live.current) setLoad({ kind: 'failed', message: messageOf(error) });
    }
  }, [client]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const act = useCallback(
    async (action: CardAction) => {
      setBusy(true);
      setNotice(null);
      try {
        const result = await client.act(action);
        if (!live.current) return;
        setNotice({ kind: 'result', result });
        // The service answers with the new view; if it did not, ask for it (the old one stays
        // on screen meanwhile, and if that fails the message above still says what happened).
        const view = result.view ?? (await client.load().catch(() => undefined));
        if (view && live.current) setLoad({ kind: 'ready', view });
      } catch (error) {
        if (live.current) setNotice({ kind: 'failure', message: messageOf(error) });
      } finally {
        if (live.current) setBusy(false);
      }
    },
    [client],
  );

  if (load.kind === 'loading') {
    return <LoadingSpinner label="Loading reactivation status" layout="centered" showLabel />;
  }
  if (load.kind === 'failed') {
    return (
      <ErrorState title="Couldn't load the reactivation status">
        <Text>{load.message}</Text>
        <Button testId="retry" onClick={() => void reload()}>
          Retry
        </Button>
      </ErrorState>
    );
  }
  const { view } = load;
  if (!view.isPatient) {
    return (
      <EmptyState title="Not a synced patient" imageName="contacts" layout="vertical">
        <Text>
          This contact is not linked to a patient in the practice management system, so there is no
          reactivation status to show.
        </Text>
      </EmptyState>
    );
  }
  return (
    <Flex direction="column" gap="md">
      <CardBanners view={view} formatting={formatting} />
      {notice && <ActionNotice notice={notice} />}
      <PatientSummary view={view} formatting={formatting} />
      <Divider />
      <Heading>Outreach so far</Heading>
      <TouchesTable touches={view.touches} formatting={formatting} />
      <Divider />
      <CardActions allowed={view.actions} busy={busy} onAction={(action) => void act(action)} />
    </Flex>
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong.';
}
