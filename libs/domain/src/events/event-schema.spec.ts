import { builtinEventType } from './builtin-event-types';
import { checkEventData, EventSchema } from './event-schema';

const purchase = builtinEventType('purchase')!;
const good = { orderId: 'o-1', amount: 1999, currency: 'CNY' };

describe('checkEventData', () => {
  it('should accept a purchase with order id, amount and currency, and extra fields for conditions', () => {
    expect(checkEventData(purchase, { ...good, sku: 'mi-11', quantity: 2, openPurchase: true })).toEqual({ ok: true });
  });

  it.each([
    [{ amount: 1, currency: 'CNY' }, 'data.orderId', 'data.orderId is required'],
    [{ ...good, amount: -1 }, 'data.amount', 'data.amount must be at least 0'],
    [{ ...good, amount: '12' }, 'data.amount', 'data.amount must be a number'],
    [{ ...good, currency: 'RMB' }, 'data.currency', 'data.currency must be an ISO 4217 currency code such as CNY'],
    [{ ...good, currency: 'cny' }, 'data.currency', 'data.currency must be an ISO 4217 currency code such as CNY'],
    [{ ...good, quantity: 1.5 }, 'data.quantity', 'data.quantity must be an integer'],
    [{ ...good, orderId: '' }, 'data.orderId', 'data.orderId must be at least 1 characters'],
  ])('should name the first broken field of a purchase %#', (data, field, message) => {
    expect(checkEventData(purchase, data)).toEqual({ ok: false, field, message });
  });

  it('should treat a null optional field as absent and a null required one as missing', () => {
    expect(checkEventData(purchase, { ...good, sku: null })).toEqual({ ok: true });
    expect(checkEventData(purchase, { ...good, orderId: null })).toMatchObject({ ok: false, field: 'data.orderId' });
  });

  it('should not find prototype members: a field called constructor is data like any other', () => {
    expect(checkEventData(purchase, { ...good, constructor: { x: 1 } })).toEqual({ ok: true });
    const strict: EventSchema = { type: 'signup', additionalFields: false, fields: [{ name: 'constructor', type: 'string', required: true }] };
    expect(checkEventData(strict, {})).toMatchObject({ ok: false, field: 'data.constructor' });
  });

  it('should refuse fields a strict custom type does not declare, and check enums and bounds', () => {
    const checkin: EventSchema = {
      type: 'meetup.checkin',
      additionalFields: false,
      fields: [
        { name: 'city', type: 'string', required: true, enum: ['Beijing', 'Shanghai'] },
        { name: 'guests', type: 'integer', min: 0, max: 3 },
        { name: 'at', type: 'timestamp' },
      ],
    };
    expect(checkEventData(checkin, { city: 'Beijing', guests: 3, at: '2026-03-03T10:00:00+08:00' })).toEqual({ ok: true });
    expect(checkEventData(checkin, { city: 'Wuhan' })).toEqual({ ok: false, field: 'data.city', message: 'data.city must be one of Beijing, Shanghai' });
    expect(checkEventData(checkin, { city: 'Beijing', guests: 4 })).toMatchObject({ field: 'data.guests' });
    expect(checkEventData(checkin, { city: 'Beijing', at: '2026-03-03 10:00' })).toMatchObject({ field: 'data.at' });
    expect(checkEventData(checkin, { city: 'Beijing', note: 'hi' })).toEqual({ ok: false, field: 'data.note', message: "data.note is not a field of 'meetup.checkin' events" });
  });

  it('should know the built-in types and nothing on the prototype', () => {
    expect(['purchase', 'post', 'repost', 'follow', 'referral'].every((t) => builtinEventType(t))).toBe(true);
    expect(builtinEventType('constructor')).toBeUndefined();
    expect(checkEventData(builtinEventType('repost')!, { postId: 'r1' })).toMatchObject({ field: 'data.parentPostId' });
    expect(checkEventData(builtinEventType('follow')!, {})).toEqual({ ok: true });
  });
});
