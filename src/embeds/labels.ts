/**
 * The popup's label of each embed kind: a message of public/_locales/<lang>/messages.json
 * whose key is derived from the kind, so that a detector declares none
 * (src/embeds/types.ts): `kind_` and the kind with `-` as `_`.
 */
import type { EmbedKind } from './types';

/** A kind with its hyphens as underscores, as message keys are written. */
type Underscored<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}_${Underscored<Tail>}` : S;

/** The message key of a kind's label; the popup's `t()` only takes keys the English messages have. */
export type KindLabelKey<K extends EmbedKind = EmbedKind> = `kind_${Underscored<K>}`;

export function kindLabelKey<K extends EmbedKind>(kind: K): KindLabelKey<K> {
  return `kind_${kind.replaceAll('-', '_')}` as KindLabelKey<K>;
}
