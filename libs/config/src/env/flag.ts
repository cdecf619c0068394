/** class-transformer hook for boolean env flags: only `true` and `1` turn one on. */
export const asFlag = ({ value }: { value: unknown }): boolean => value === true || value === 'true' || value === '1';
