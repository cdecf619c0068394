/** How many leading bytes sniffAudio needs to decide. */
export const AUDIO_SNIFF_BYTES = 12;

const ascii = (head: Buffer, at: number, text: string) => head.length >= at + text.length && head.toString('latin1', at, at + text.length) === text;

/**
 * The audio container a clip's first bytes announce, as a canonical media type, or null.
 * Decided by the bytes, not by a client's label: WAV (RIFF/WAVE), MP3 (an ID3 tag or an MPEG
 * frame sync), AAC (ADTS), AMR (#!AMR, #!AMR-WB), Ogg (Opus/Vorbis), MP4/M4A/3GP (ftyp box)
 * and WebM/Matroska (EBML, what browsers' MediaRecorder writes).
 */
export function sniffAudio(head: Buffer): string | null {
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return 'audio/wav';
  if (ascii(head, 0, 'ID3')) return 'audio/mpeg';
  if (ascii(head, 0, '#!AMR-WB\n')) return 'audio/amr-wb';
  if (ascii(head, 0, '#!AMR\n')) return 'audio/amr';
  if (ascii(head, 0, 'OggS')) return 'audio/ogg';
  if (ascii(head, 4, 'ftyp')) return 'audio/mp4';
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'audio/webm';
  if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0) {
    const layer = (head[1] >> 1) & 0x3;
    const version = (head[1] >> 3) & 0x3;
    if (layer === 0) return (head[1] & 0xf6) === 0xf0 ? 'audio/aac' : null; // ADTS: 12-bit sync, layer 00
    return version === 1 ? null : 'audio/mpeg'; // version 01 is reserved
  }
  return null;
}
