import { armsForVariants, banditKey, chooseVariant, type ChoiceReason } from '../domain/bandit.ts';
import type { TemplateChannel } from '../domain/templates/template-schema.ts';
import type { Random } from '../lib/random.ts';
import type { Store } from '../store/store.ts';

export interface AutomaticChoiceInput {
  segment: string;
  /** The template channel (`sms`, `whatsapp`, `voice`), as in the template id. */
  channel: TemplateChannel;
  /** The variant letters the practice has for this segment and channel (from `templatesFor`). */
  variants: readonly string[];
  random: Random;
  explorationFloor?: number;
  enabled?: boolean;
}

/**
 * The variant of a message whose marketer chose "automatic": Thompson sampling on the counts so
 * far of this segment × channel. A variant the practice added since starts from no data; one it
 * removed is not offered, whatever it had learnt.
 */
export async function chooseAutomaticVariant(
  store: Store,
  input: AutomaticChoiceInput,
): Promise<{ variant: string; reason: ChoiceReason }> {
  const counted = await store.bandit.arms(banditKey(input.segment, input.channel));
  return chooseVariant({
    arms: armsForVariants(input.variants, counted),
    random: input.random,
    ...(input.explorationFloor === undefined ? {} : { explorationFloor: input.explorationFloor }),
    ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
  });
}
