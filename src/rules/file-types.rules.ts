/**
 * Which uploaded files are accepted, decided by their first bytes as well as
 * their extension (docs/product.md §8): an .exe renamed .pdf is refused. Pure.
 */
type Family = 'pdf' | 'zip' | 'ole' | 'png' | 'jpeg' | 'gif' | 'bmp' | 'rtf' | 'text';

const EXTENSIONS: Record<string, { family: Family; mediaType: string }> = {
  pdf: { family: 'pdf', mediaType: 'application/pdf' },
  docx: { family: 'zip', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xlsx: { family: 'zip', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  pptx: { family: 'zip', mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
  odt: { family: 'zip', mediaType: 'application/vnd.oasis.opendocument.text' },
  ods: { family: 'zip', mediaType: 'application/vnd.oasis.opendocument.spreadsheet' },
  zip: { family: 'zip', mediaType: 'application/zip' },
  doc: { family: 'ole', mediaType: 'application/msword' },
  xls: { family: 'ole', mediaType: 'application/vnd.ms-excel' },
  ppt: { family: 'ole', mediaType: 'application/vnd.ms-powerpoint' },
  png: { family: 'png', mediaType: 'image/png' },
  jpg: { family: 'jpeg', mediaType: 'image/jpeg' },
  jpeg: { family: 'jpeg', mediaType: 'image/jpeg' },
  gif: { family: 'gif', mediaType: 'image/gif' },
  bmp: { family: 'bmp', mediaType: 'image/bmp' },
  rtf: { family: 'rtf', mediaType: 'application/rtf' },
  txt: { family: 'text', mediaType: 'text/plain' },
  csv: { family: 'text', mediaType: 'text/csv' },
};

export const ALLOWED_EXTENSIONS = Object.keys(EXTENSIONS);
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

function startsWith(head: Uint8Array, bytes: number[]): boolean {
  return bytes.every((b, i) => head[i] === b);
}

function detect(head: Uint8Array): Family | 'executable' | 'unknown' {
  if (startsWith(head, [0x4d, 0x5a]) || startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return 'executable'; // MZ (Windows), ELF
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(head, [0x42, 0x4d])) return 'bmp';
  if (startsWith(head, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return 'rtf';
  // Plain text: no NUL bytes and valid UTF-8 in what we looked at.
  if (!head.includes(0)) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.length >= 4096 ? head.subarray(0, 4093) : head);
      return 'text';
    } catch {
      return 'unknown';
    }
  }
  return 'unknown';
}

export type FileVerdict = { ok: true; mediaType: string; extension: string } | { ok: false; message: string };

/** `head` is the first bytes of the file (4 KB is plenty), `size` its full length. */
export function checkUpload(originalName: string, head: Uint8Array, size: number): FileVerdict {
  if (size === 0) return { ok: false, message: 'The selected file is empty' };
  if (size > MAX_UPLOAD_BYTES) return { ok: false, message: 'The selected file must be smaller than 25 MB. Split it, or give a public URL instead' };
  const extension = /\.([a-z0-9]{1,5})$/i.exec(originalName)?.[1]?.toLowerCase() ?? '';
  const allowed = EXTENSIONS[extension];
  if (!allowed) return { ok: false, message: `The selected file must be a PDF, Word, Excel, PowerPoint, image, text or ZIP file (not .${extension || 'without extension'})` };
  const family = detect(head);
  if (family === 'executable') return { ok: false, message: 'The selected file is a program, not a document. Upload the document itself' };
  if (family !== allowed.family) return { ok: false, message: `The selected file is not really a .${extension} file. Save it again in that format and upload it` };
  return { ok: true, mediaType: allowed.mediaType, extension };
}
