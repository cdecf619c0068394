import { DomainError } from '../errors/domain-error';
import { isValidHhmm, minutesOfDay, parseHhmm } from './hhmm';

describe('HH:mm', () => {
  it('should accept every minute of the day and nothing else', () => {
    expect(isValidHhmm('00:00')).toBe(true);
    expect(isValidHhmm('23:59')).toBe(true);
    expect(['24:00', '9:00', '10:60', '10:00:00', '', ' 10:00', null, 1000].map(isValidHhmm)).toEqual([false, false, false, false, false, false, false, false]);
  });

  it('should parse hour and minute and count minutes since midnight', () => {
    expect(parseHhmm('08:05')).toEqual({ hour: 8, minute: 5 });
    expect(minutesOfDay('22:30')).toBe(22 * 60 + 30);
  });

  it('should refuse a malformed time instead of reading it as NaN', () => {
    expect(() => minutesOfDay('7:00')).toThrow(DomainError);
  });
});
