import { describe, expect, it } from 'vitest';
import { SecretScrubber } from './secret-scrubber.js';

describe('SecretScrubber', () => {
  it('masks every occurrence of a known secret', () => {
    const scrubber = new SecretScrubber();
    scrubber.add('my-own-password-1234');
    expect(scrubber.scrub('a my-own-password-1234 b my-own-password-1234')).toBe('a my-…1234 b my-…1234');
  });

  it('masks a value shaped like an API key even when it was never added', () => {
    expect(new SecretScrubber().scrub('Incorrect API key provided: sk-proj-AbCdEf0123456789xyz.')).toBe('Incorrect API key provided: sk-…xyz.');
  });

  it('masks Google keys and bearer tokens', () => {
    expect(new SecretScrubber().scrub('key=AIzaSyD0123456789abcdefghijklmn auth: Bearer abc.def.ghi-jkl-mno')).toBe('key=…klmn auth: …-mno');
  });

  it('ignores values too short to be credentials', () => {
    const scrubber = new SecretScrubber();
    scrubber.add('abc');
    scrubber.add(undefined);
    expect(scrubber.scrub('abc def')).toBe('abc def');
  });

  it('leaves text without secrets unchanged', () => {
    expect(new SecretScrubber().scrub('model gpt-4o answered 200 in 35 ms')).toBe('model gpt-4o answered 200 in 35 ms');
  });
});
