/** A person's name as a list shows it to roles that do not visit: first and last character kept (王*英, 王*). */
export const maskName = (name: string): string => {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
};

/** An address without its numbers: the road stays (where to go), building and flat do not. */
export const maskAddress = (address: string): string => address.replace(/[0-9０-９]/g, '*');
