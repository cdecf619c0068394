import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { SocialPostConfig } from './social-post.config';
import { carriesTopic } from './topic-match';

const text = (t: string) => ({ text: t });

describe('carriesTopic', () => {
  it('should match a CJK topic in the Weibo #topic# form and as a hashtag ended by punctuation', () => {
    expect(carriesTopic(text('今天买到了！#小米星期二# 加蛋'), '小米星期二')).toBe(true);
    expect(carriesTopic(text('买到了 #小米星期二，加蛋'), '小米星期二')).toBe(true);
    expect(carriesTopic(text('#小米星期二'), '小米星期二')).toBe(true);
  });

  it('should refuse a CJK hashtag that runs on into more letters when it has no closing mark', () => {
    expect(carriesTopic(text('#小米星期二真香'), '小米星期二')).toBe(false);
  });

  it('should count the full-width ＃ of Chinese input methods and full-width letters as ASCII', () => {
    expect(carriesTopic(text('好吃＃小米星期二＃'), '小米星期二')).toBe(true);
    expect(carriesTopic(text('＃ＸｉａｏｍｉＴｕｅｓｄａｙ＃ 买了'), 'XiaomiTuesday')).toBe(true);
    expect(carriesTopic(text('#XiaomiTuesday# ok'), 'ＸｉａｏｍｉＴｕｅｓｄａｙ')).toBe(true);
    expect(carriesTopic(text('#小米星期２#'), '小米星期2')).toBe(true);
  });

  it('should match case-insensitively when the post capitalises differently', () => {
    expect(carriesTopic(text('#xiaomituesday#'), 'XiaomiTuesday')).toBe(true);
    expect(carriesTopic(text('so good #XIAOMITUESDAY!'), 'XiaomiTuesday')).toBe(true);
  });

  it('should match a topic with spaces only whole between the marks, whitespace runs collapsed', () => {
    expect(carriesTopic(text('#小米 星期二#'), '小米 星期二')).toBe(true);
    expect(carriesTopic(text('#小米\u3000\u3000星期二#'), '小米 星期二')).toBe(true); // ideographic spaces
    expect(carriesTopic(text('#Xiaomi   Tuesday# yes'), 'xiaomi tuesday')).toBe(true);
    expect(carriesTopic(text('# Xiaomi Tuesday #'), 'Xiaomi Tuesday')).toBe(true);
    // The hashtag form ends at the first space, so it cannot carry a topic with spaces.
    expect(carriesTopic(text('#Xiaomi Tuesday is here'), 'Xiaomi Tuesday')).toBe(false);
    expect(carriesTopic(text('#小米星期二#'), '小米 星期二')).toBe(false);
  });

  it('should refuse a longer topic that merely starts with the campaign topic', () => {
    expect(carriesTopic(text('#XiaomiTuesdays#'), 'XiaomiTuesday')).toBe(false);
    expect(carriesTopic(text('#XiaomiTuesdays'), 'XiaomiTuesday')).toBe(false);
    expect(carriesTopic(text('#XiaomiTuesday_2026'), 'XiaomiTuesday')).toBe(false);
    expect(carriesTopic(text('#小米星期二特辑#'), '小米星期二')).toBe(false);
    expect(carriesTopic(text('#小米 星期二 特辑#'), '小米 星期二')).toBe(false);
  });

  it('should find the topic in a later hashtag when an earlier one only starts with it', () => {
    expect(carriesTopic(text('#XiaomiTuesdays and #XiaomiTuesday.'), 'XiaomiTuesday')).toBe(true);
  });

  it('should refuse text without the mark, and texts that are not strings', () => {
    expect(carriesTopic(text('XiaomiTuesday'), 'XiaomiTuesday')).toBe(false);
    expect(carriesTopic({ text: 42 }, 'XiaomiTuesday')).toBe(false);
    expect(carriesTopic({}, 'XiaomiTuesday')).toBe(false);
  });

  it('should use the channel-reported hashtags with or without marks when the text lacks them', () => {
    expect(carriesTopic({ text: 'no tag here', topic: '小米星期二' }, '小米星期二')).toBe(true);
    expect(carriesTopic({ topic: '#小米星期二#' }, '小米星期二')).toBe(true);
    expect(carriesTopic({ topics: ['#other', '＃ＸｉａｏｍｉＴｕｅｓｄａｙ'] }, 'XiaomiTuesday')).toBe(true);
    expect(carriesTopic({ topics: ['小米  星期二'] }, '小米 星期二')).toBe(true);
    expect(carriesTopic({ topics: ['#XiaomiTuesdays#'] }, 'XiaomiTuesday')).toBe(false);
  });

  it('should accept a match in the text when the reported hashtags do not carry the topic', () => {
    expect(carriesTopic({ text: '#XiaomiTuesday#', topics: ['other'] }, 'XiaomiTuesday')).toBe(true);
  });

  it('should ignore non-string junk in the reported hashtags', () => {
    const junk = [null, 7, { name: 'XiaomiTuesday' }, ['XiaomiTuesday'], undefined, true];
    expect(carriesTopic({ topics: junk }, 'XiaomiTuesday')).toBe(false);
    expect(carriesTopic({ topics: [...junk, 'XiaomiTuesday'] }, 'XiaomiTuesday')).toBe(true);
    expect(carriesTopic({ topics: 'XiaomiTuesday', topic: { x: 1 } }, 'XiaomiTuesday')).toBe(false);
  });

  it('should never match an empty campaign topic', () => {
    expect(carriesTopic({ text: '##', topics: ['#'] }, '  ')).toBe(false);
  });
});

describe('SocialPostConfig topic', () => {
  const check = (topic: unknown) => {
    const config = plainToInstance(SocialPostConfig, { prompts: ['egg?'], topic });
    return { errors: validateSync(config, { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property), topic: config.topic };
  };

  it('should accept spaces and CJK text and store the topic trimmed', () => {
    expect(check('  小米 星期二 ')).toEqual({ errors: [], topic: '小米 星期二' });
    expect(check('Xiaomi Tuesday')).toEqual({ errors: [], topic: 'Xiaomi Tuesday' });
    expect(check('小'.repeat(60)).errors).toEqual([]);
  });

  it('should refuse a topic that is empty, too long or holds a # of any width', () => {
    for (const topic of ['', '   ', '小'.repeat(61), '#XiaomiTuesday', 'Xiaomi＃Tuesday', 42]) {
      expect(check(topic).errors).toEqual(['topic']);
    }
  });
});
