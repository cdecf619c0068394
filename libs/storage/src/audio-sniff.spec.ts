import { sniffAudio } from './audio-sniff';

// First 12 bytes of files ffmpeg 5.1 wrote here (a 0.5 s sine), and the AMR magic from RFC 4867.
const HEADS: [string, string, string | null][] = [
  ['wav', '52494646861f000057415645', 'audio/wav'],
  ['mp3 with ID3', '494433040000000000235453', 'audio/mpeg'],
  ['mp3 frame sync', 'fffb50c400000a2c432e5594', 'audio/mpeg'],
  ['aac (ADTS)', 'fff16c40485ffcde02004c61', 'audio/aac'],
  ['ogg/opus', '4f6767530002000000000000', 'audio/ogg'],
  ['m4a', '0000001c667479704d344120', 'audio/mp4'],
  ['3gp', '0000001c6674797033677034', 'audio/mp4'],
  ['webm', '1a45dfa39f4286810142f781', 'audio/webm'],
  ['amr', Buffer.from('#!AMR\n<\u0091').toString('hex'), 'audio/amr'],
  ['amr-wb', Buffer.from('#!AMR-WB\n').toString('hex'), 'audio/amr-wb'],
  ['png', '89504e470d0a1a0a0000000d', null],
  ['RIFF but AVI', '52494646861f000041564920', null],
  ['text', Buffer.from('hello world!').toString('hex'), null],
  ['MPEG sync, reserved version', 'ffe9000000', null],
  ['empty', '', null],
  ['two bytes', 'fff1', 'audio/aac'],
];

describe('sniffAudio', () => {
  it.each(HEADS)('%s', (_name, hex, expected) => {
    expect(sniffAudio(Buffer.from(hex, 'hex'))).toBe(expected);
  });
});
