import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { CardTouch } from './card-shape.ts';
import { formatInstant, maskPhoneNumbers, type Formatting } from './card-format.ts';
import { channelLabel, humanize, outcomeLabel } from './card-words.ts';

const COLUMNS = ['When', 'Channel', 'Template', 'Outcome', 'Delivery', 'Reply'];

/** The outreach so far, one row a touch, as the service lists them. */
export function TouchesTable({
  touches,
  formatting,
}: {
  touches: readonly CardTouch[];
  formatting: Formatting;
}) {
  if (touches.length === 0) {
    return <Text testId="no-touches">No outreach yet.</Text>;
  }
  return (
    <Table bordered density="condensed" testId="touches">
      <TableHead>
        <TableRow>
          {COLUMNS.map((column) => (
            <TableHeader key={column}>{column}</TableHeader>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {touches.map((touch, i) => (
          <TableRow key={`${touch.at}-${i}`}>
            <TableCell>{formatInstant(touch.at, formatting)}</TableCell>
            <TableCell>{channelLabel(touch.channel)}</TableCell>
            <TableCell>{touch.template}</TableCell>
            <TableCell>{touch.outcome === undefined ? '—' : outcomeLabel(touch.outcome)}</TableCell>
            <TableCell>{touch.delivery === undefined ? '—' : humanize(touch.delivery)}</TableCell>
            <TableCell>{touch.reply === undefined ? '—' : maskPhoneNumbers(touch.reply)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
