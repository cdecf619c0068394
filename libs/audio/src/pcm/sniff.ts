/** ffmpeg demuxers the analyser hands files to; anything else is refused unread. */
export type Demuxer = 'wav' | 'mp3' | 'aac' | 'amr' | 'ogg' | 'mov' | 'flac';

/**
 * Picks the demuxer from the first bytes. ffmpeg is always told which one to use, so a crafted
 * file can never steer it into a playlist, concat or image demuxer that would open other files.
 */
export function sniffContainer(head: Buffer): Demuxer | null {
  const ascii = (from: number, to: number): string => head.toString('latin1', from, to);
  if (head.length < 4) return null;
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (ascii(0, 5) === '#!AMR') return 'amr';
  if (head.length >= 12 && ascii(4, 8) === 'ftyp') return 'mov'; // m4a, mp4, 3gp (phone voice notes)
  if (ascii(0, 3) === 'ID3') return 'mp3';
  if (head[0] === 0xff && (head[1] & 0xf0) === 0xf0 && (head[1] & 0x06) === 0) return 'aac'; // ADTS
  if (head[0] === 0xff && (head[1] & 0xe0) === 0xe0 && (head[1] & 0x06) !== 0) return 'mp3'; // MPEG audio frame
  return null;
}
