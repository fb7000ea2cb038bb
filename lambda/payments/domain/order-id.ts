const orderIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** True when `value` is a valid order id: 1–128 characters of `[A-Za-z0-9._:-]`. */
export function isOrderId(value: unknown): value is string {
  return typeof value === 'string' && orderIdPattern.test(value);
}
