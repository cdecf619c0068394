/** Spread weights have 6 decimals; Redis sums them as integers, exactly and in any order. */
export const toMicro = (weight: number): number => Math.round(weight * 1e6);
export const fromMicro = (micro: number): number => micro / 1e6;
